package dev.portcullis.adapter.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.out.ProviderOAuth.Discovery;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.adapter.webclient.ProviderExchange.Answered;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client side of RFC 6749 §5.1/§5.2, RFC 8414 and RFC 8628 §3.2, against scripted answers. */
class WebClientProviderOAuthTest {
  private static Answered json(int status, Map<String, Object> body) {
    return new Answered(status, Optional.of(body), "{}", Optional.empty());
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void rfc6749_5_1_a_complete_answer_is_tokens() {
    TokenResult result = WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", "at", "token_type", "Bearer", "expires_in", 3600, "refresh_token", "rt",
        "scope", "a b")));

    assertThat(result).isEqualTo(new TokenResult.Tokens("at", "Bearer", Optional.of("rt"), Optional.empty(), Optional.of(Duration.ofHours(1)),
        Optional.of("a b")));
  }

  @Test
  void rfc6749_5_1_malformed_answers_are_refused_and_name_the_problem() {
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("token_type", "Bearer")))).isEqualTo(new TokenResult.Malformed("the token response has no access_token"));
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", "at", "expires_in", "soon"))))
        .isEqualTo(new TokenResult.Malformed("expires_in is not a number"));
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", "at", "expires_in", -5)))).isInstanceOf(TokenResult.Malformed.class);
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", "at", "refresh_token", null))))
        .isEqualTo(new TokenResult.Malformed("refresh_token is present but not a non-empty string"));
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", 42)))).isInstanceOf(TokenResult.Malformed.class);
    assertThat(WebClientProviderOAuth.tokenAnswer(new Answered(200, Optional.empty(), "<html>", Optional.empty()))).isInstanceOf(TokenResult.Malformed.class);
  }

  @Test
  void lenient_where_real_providers_differ_numeric_strings_and_a_missing_token_type() {
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("access_token", "at", "expires_in", "3600"))))
        .isEqualTo(new TokenResult.Tokens("at", "Bearer", Optional.empty(), Optional.empty(), Optional.of(Duration.ofHours(1)), Optional.empty()));
  }

  @Test
  void rfc6749_5_2_errors_are_rejections_even_with_200_and_server_failures_are_unavailable_with_retry_after() {
    assertThat(WebClientProviderOAuth.tokenAnswer(json(400, map("error", "invalid_grant", "error_description", "expired"))))
        .isEqualTo(new TokenResult.Rejected("invalid_grant", "expired"));
    assertThat(WebClientProviderOAuth.tokenAnswer(json(200, map("ok", false, "error", "invalid_code")))).as("Slack style")
        .isEqualTo(new TokenResult.Rejected("invalid_code", ""));
    assertThat(WebClientProviderOAuth.tokenAnswer(new Answered(503, Optional.empty(), "", Optional.of(Duration.ofSeconds(7)))))
        .isEqualTo(new TokenResult.Unavailable(Duration.ofSeconds(7), "the provider's token endpoint answered 503"));
    assertThat(WebClientProviderOAuth.tokenAnswer(new Answered(429, Optional.empty(), "", Optional.empty())))
        .isEqualTo(new TokenResult.Unavailable(ProviderOAuth.DEFAULT_RETRY_AFTER, "the provider's token endpoint answered 429"));
    assertThat(WebClientProviderOAuth.tokenAnswer(json(400, map("error", "x\u0000<script>")))).isEqualTo(new TokenResult.Rejected("x?<script>", ""));
  }

  @Test
  void oidc_core_5_3_userinfo_is_asked_with_the_bearer_token_and_its_json_object_is_the_claims() {
    ScriptedHttp http = new ScriptedHttp();
    http.answers.put("https://idp.example.com/userinfo", json(200, map("sub", "u1", "email", "u1@example.com")));

    var result = client(http).userinfo(URI.create("https://idp.example.com/userinfo"), "at-1");

    assertThat(result).isEqualTo(new ProviderOAuth.UserinfoResult.Claims(map("sub", "u1", "email", "u1@example.com")));
    assertThat(http.asked).containsExactly("GET https://idp.example.com/userinfo Bearer at-1");
    assertThat(result.toString()).as("claims are personal data: never in a log line").doesNotContain("u1@example.com");
  }

  @Test
  void rfc6750_3_1_userinfo_errors_401_is_a_refused_token_others_are_rejections_outages_or_malformed() {
    assertThat(WebClientProviderOAuth.userinfoAnswer(json(401, map("error", "invalid_token")))).isEqualTo(new ProviderOAuth.UserinfoResult.TokenRefused());
    assertThat(WebClientProviderOAuth.userinfoAnswer(json(403, map("error", "insufficient_scope"))))
        .isEqualTo(new ProviderOAuth.UserinfoResult.Failed(new TokenResult.Rejected("insufficient_scope", "")));
    assertThat(WebClientProviderOAuth.userinfoAnswer(new Answered(404, Optional.empty(), "", Optional.empty())))
        .isEqualTo(new ProviderOAuth.UserinfoResult.Failed(new TokenResult.Rejected("userinfo_refused", "the provider's userinfo endpoint answered 404")));
    assertThat(WebClientProviderOAuth.userinfoAnswer(new Answered(503, Optional.empty(), "", Optional.of(Duration.ofSeconds(3)))))
        .isEqualTo(new ProviderOAuth.UserinfoResult.Failed(new TokenResult.Unavailable(Duration.ofSeconds(3), "the provider's userinfo endpoint answered 503")));
    assertThat(WebClientProviderOAuth.userinfoAnswer(new Answered(200, Optional.empty(), "eyJhbGciOi.signed.jwt", Optional.empty())))
        .isInstanceOfSatisfying(ProviderOAuth.UserinfoResult.Failed.class, f -> assertThat(f.problem()).isInstanceOf(TokenResult.Malformed.class));
  }

  /** Answers GETs from a map of URL → answer and records what was asked. */
  static class ScriptedHttp implements ProviderExchange {
    final Map<String, Answer> answers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public Answer get(URI uri) {
      asked.add(uri.toString());
      return answers.getOrDefault(uri.toString(), new Answered(404, Optional.empty(), "", Optional.empty()));
    }

    @Override
    public Answer getWithBearer(URI uri, String accessToken) {
      asked.add("GET " + uri + " Bearer " + accessToken);
      return answers.getOrDefault(uri.toString(), new Answered(404, Optional.empty(), "", Optional.empty()));
    }

    @Override
    public Answer postForm(URI uri, Map<String, String> form, Optional<String> basic) {
      asked.add("POST " + uri);
      return answers.getOrDefault("POST " + uri, new Answered(404, Optional.empty(), "", Optional.empty()));
    }
  }

  /** https only, like the serve mode's default egress policy. */
  private static final dev.portcullis.application.shared.port.out.EgressPolicy HTTPS_ONLY =
      uri -> "https".equals(uri.getScheme()) ? Optional.empty() : Optional.of("plain http is not allowed by the egress policy");

  private static WebClientProviderOAuth client(ScriptedHttp http) {
    return client(http, HTTPS_ONLY);
  }

  private static WebClientProviderOAuth client(ScriptedHttp http, dev.portcullis.application.shared.port.out.EgressPolicy egress) {
    return new WebClientProviderOAuth(http, egress);
  }

  @Test
  void rfc8414_discovery_tries_oidc_then_the_path_inserted_location_and_requires_the_exact_issuer() {
    ScriptedHttp http = new ScriptedHttp();
    http.answers.put("https://idp.example.com/.well-known/oauth-authorization-server/tenant1", json(200, map("issuer", "https://idp.example.com/tenant1",
        "token_endpoint", "https://idp.example.com/tenant1/token", "authorization_endpoint", "https://idp.example.com/tenant1/auth")));

    Discovery found = client(http).discover(URI.create("https://idp.example.com/tenant1"));

    assertThat(found).isInstanceOf(Discovery.Found.class);
    assertThat(((Discovery.Found) found).metadata().endpoints().token()).isEqualTo(URI.create("https://idp.example.com/tenant1/token"));
    assertThat(http.asked).startsWith("https://idp.example.com/tenant1/.well-known/openid-configuration");
  }

  @Test
  void smart_app_launch_a_fhir_server_with_only_well_known_smart_configuration_and_no_issuer_member_is_discovered() {
    ScriptedHttp http = new ScriptedHttp();
    http.answers.put("https://fhir.example.com/r4/.well-known/smart-configuration", json(200, map("token_endpoint", "https://auth.example.com/token",
        "authorization_endpoint", "https://auth.example.com/authorize", "token_endpoint_auth_methods_supported", List.of("private_key_jwt"),
        "capabilities", List.of("client-confidential-asymmetric", "permission-v2"))));

    Discovery found = client(http).discover(URI.create("https://fhir.example.com/r4"));

    assertThat(found).isInstanceOfSatisfying(Discovery.Found.class, f -> {
      assertThat(f.metadata().endpoints().token()).isEqualTo(URI.create("https://auth.example.com/token"));
      assertThat(f.metadata().endpoints().authorization()).hasValue(URI.create("https://auth.example.com/authorize"));
      assertThat(f.metadata().issuer()).as("SMART documents carry no issuer").isEmpty();
    });
    assertThat(http.asked).containsExactly("https://fhir.example.com/r4/.well-known/openid-configuration",
        "https://fhir.example.com/.well-known/oauth-authorization-server/r4", "https://fhir.example.com/r4/.well-known/smart-configuration");
  }

  @Test
  void rfc8414_3_3_an_issuer_mismatch_or_an_http_endpoint_is_refused() {
    ScriptedHttp http = new ScriptedHttp();
    http.answers.put("https://idp.example.com/.well-known/openid-configuration", json(200, map("issuer", "https://evil.example.com",
        "token_endpoint", "https://idp.example.com/token")));
    http.answers.put("https://plain.example.com/.well-known/openid-configuration", json(200, map("issuer", "https://plain.example.com",
        "token_endpoint", "http://plain.example.com/token")));

    assertThat(client(http).discover(URI.create("https://idp.example.com"))).isInstanceOf(Discovery.Invalid.class);
    assertThat(client(http).discover(URI.create("https://plain.example.com"))).isInstanceOf(Discovery.Invalid.class);
    assertThat(client(http, uri -> Optional.empty()).discover(URI.create("https://plain.example.com"))).as("an egress policy that allows http")
        .isInstanceOf(Discovery.Found.class);
  }

  @Test
  void an_unreachable_provider_is_unavailable_not_invalid() {
    ScriptedHttp http = new ScriptedHttp() {
      @Override
      public Answer get(URI uri) {
        return new ProviderExchange.Failed("connection refused");
      }
    };
    Discovery down = client(http).discover(URI.create("https://down.example.com"));
    assertThat(down).isInstanceOf(Discovery.Unavailable.class);
    assertThat(((Discovery.Unavailable) down).reason()).as("one generic answer; the detail is in the server log").isEqualTo("the provider could not be reached")
        .doesNotContain("refused");
  }
}
