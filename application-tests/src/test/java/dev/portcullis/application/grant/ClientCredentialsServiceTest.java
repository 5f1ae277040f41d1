package dev.portcullis.application.grant;

import static dev.portcullis.application.fixtures.Grants.aMachineClient;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JoseAssertionSigner;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.grant.ClientCredentialsGrant.Result;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4 with a secret and with {@code private_key_jwt} (RFC 7523 §3, SMART Backend Services): what is granted, and every way it is refused. */
class ClientCredentialsServiceTest {
  private static final URI JWKS = URI.create("https://backend.example.com/jwks");
  private final Grants grants = new Grants();
  private final JoseAssertionSigner signer = new JoseAssertionSigner();

  private ClientCredential.Secret secretOf(RegistrationOutcome.Registered registered) {
    return new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, registered.client().clientId(), registered.clientSecret().orElseThrow());
  }

  @Test
  void the_registered_scope_is_granted_by_default_and_a_narrower_one_on_request_in_a_token_that_introspects_as_such() {
    var credential = secretOf(grants.registered(aMachineClient(ACME, "orders:read", "orders:write")));

    Result.Issued all = (Result.Issued) grants.clientCredentials.clientCredentials(credential, Optional.empty());
    Result.Issued narrow = (Result.Issued) grants.clientCredentials.clientCredentials(credential, Optional.of(Set.of("orders:read")));

    assertThat(all.scope()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(grants.accessTokens.active(narrow.accessToken()).orElseThrow().scopes()).containsExactly("orders:read");
    assertThat(grants.accessTokens.active(narrow.accessToken()).orElseThrow().tenant()).isEqualTo(ACME);
    assertThat(narrow.expiresInSeconds()).isEqualTo(Grants.TOKEN_LIFETIME.toSeconds());
    grants.issued.flush(); // the minute's count, as the background job writes it
    assertThat(grants.platform.audit(ACME)).anySatisfy(record -> {
      assertThat(record.event().action()).isEqualTo(AuditAction.TOKEN_ISSUE);
      assertThat(record.event().detail()).contains("tokens=2");
    });
  }

  @Test
  void rfc6749_5_2_a_scope_beyond_the_registration_is_invalid_scope_and_no_token() {
    var credential = secretOf(grants.registered(aMachineClient(ACME, "orders:read")));

    Result outcome = grants.clientCredentials.clientCredentials(credential, Optional.of(Set.of("orders:read", "secrets:read")));

    assertThat(outcome).isEqualTo(new Result.Rejected(OAuthError.badRequest("invalid_scope", "the requested scope exceeds the scope registered for this client")));
  }

  @Test
  void a_client_registered_without_the_grant_is_unauthorized_client() {
    RegistrationOutcome.Registered browserOnly = grants.registered(new ClientMetadata("web", List.of("authorization_code"), List.of("code"),
        List.of(URI.create("https://app.example.com/cb")), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, Optional.empty(), Optional.empty(), Set.of("a"), ACME));

    Result outcome = grants.clientCredentials.clientCredentials(secretOf(browserOnly), Optional.empty());

    assertThat(((Result.Rejected) outcome).error().error()).isEqualTo("unauthorized_client");
  }

  @Test
  void rfc6749_5_2_a_wrong_secret_a_wrong_method_and_an_unknown_client_get_one_answer_and_a_known_client_is_audited() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));
    String id = registered.client().clientId();
    String secret = registered.clientSecret().orElseThrow();

    List<Result> outcomes = List.of(
        grants.clientCredentials.clientCredentials(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, id, secret + "x"), Optional.empty()),
        grants.clientCredentials.clientCredentials(new ClientCredential.Secret(ClientCredential.Secret.Method.POST, id, secret), Optional.empty()),
        grants.clientCredentials.clientCredentials(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, "nobody", secret), Optional.empty()),
        grants.clientCredentials.clientCredentials(new ClientCredential.Public(id), Optional.empty()));

    assertThat(outcomes).containsOnly(new Result.Rejected(OAuthError.invalidClient("client authentication failed")));
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_AUTHENTICATE, AuditOutcome.DENIED)).isTrue();
    assertThat(grants.platform.audit(ACME).toString()).doesNotContain(secret);
  }

  /** A client that authenticates with {@code private_key_jwt}, its key published at {@link #JWKS}. */
  private record KeyedClient(String clientId, AssertionSigner.KeyPair key) {}

  private KeyedClient aKeyedClient(String algorithm) {
    AssertionSigner.KeyPair key = signer.generate(algorithm);
    URI jwks = JWKS.resolve("/" + algorithm + "/jwks");
    grants.jwksDocuments.put(jwks, "{\"keys\":[" + key.publicJwk() + "]}");
    String clientId = grants.registered(new ClientMetadata("backend", List.of("client_credentials"), List.of(), List.of(),
        TokenEndpointAuthMethod.PRIVATE_KEY_JWT, Optional.empty(), Optional.of(jwks), Set.of("system/*.read"), ACME)).client().clientId();
    return new KeyedClient(clientId, key);
  }

  private String assertion(KeyedClient client, String algorithm, Map<String, Object> overrides) {
    Instant now = grants.platform.clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", client.clientId(), "sub", client.clientId(), "aud", Grants.ISSUER + "/oauth/token",
        "exp", now.plusSeconds(240).getEpochSecond(), "jti", UUID.randomUUID().toString()));
    claims.putAll(overrides);
    return signer.sign(client.key().privateJwk(), algorithm, client.key().keyId(), claims);
  }

  @Test
  void smart_backend_services_an_rs384_and_an_es384_assertion_from_the_registered_jwks_uri_get_a_token() {
    for (String algorithm : List.of("RS384", "ES384")) {
      KeyedClient client = aKeyedClient(algorithm);

      Result outcome = grants.clientCredentials.clientCredentials(new ClientCredential.Assertion(assertion(client, algorithm, Map.of()),
          Optional.of(client.clientId())), Optional.empty());

      assertThat(outcome).as(algorithm).isInstanceOf(Result.Issued.class);
    }
  }

  @Test
  void rfc7523_3_a_replayed_assertion_jti_is_refused_even_while_the_assertion_is_unexpired() {
    KeyedClient client = aKeyedClient("ES384");
    var credential = new ClientCredential.Assertion(assertion(client, "ES384", Map.of()), Optional.empty());

    assertThat(grants.clientCredentials.clientCredentials(credential, Optional.empty())).isInstanceOf(Result.Issued.class);
    Result replay = grants.clientCredentials.clientCredentials(credential, Optional.empty());

    assertThat(replay).isEqualTo(new Result.Rejected(OAuthError.invalidClient("this assertion (jti) was already used")));
  }

  @Test
  void rfc7523_3_an_assertion_for_another_audience_too_long_lived_expired_or_naming_another_client_is_invalid_client() {
    KeyedClient client = aKeyedClient("ES384");
    Instant now = grants.platform.clock.instant();
    List<Map<String, Object>> attacks = List.of(
        Map.of("aud", "https://other-server.example.com/token"),
        Map.of("exp", now.plus(Duration.ofHours(1)).getEpochSecond()),
        Map.of("exp", now.minusSeconds(120).getEpochSecond()),
        Map.of("sub", "someone-else"));

    for (Map<String, Object> attack : attacks) {
      Result outcome = grants.clientCredentials.clientCredentials(new ClientCredential.Assertion(assertion(client, "ES384", attack), Optional.empty()),
          Optional.empty());
      assertThat(outcome).as(attack.toString()).isInstanceOfSatisfying(Result.Rejected.class, r -> assertThat(r.error().error()).isEqualTo("invalid_client"));
    }
    assertThat(grants.clientCredentials.clientCredentials(new ClientCredential.Assertion(assertion(client, "ES384", Map.of()), Optional.of("another-client")),
        Optional.empty())).as("a client_id parameter naming someone else").isInstanceOf(Result.Rejected.class);
  }

  @Test
  void an_assertion_signed_by_a_key_the_client_did_not_register_is_refused() {
    KeyedClient client = aKeyedClient("ES384");
    AssertionSigner.KeyPair attacker = signer.generate("ES384");
    String forged = signer.sign(attacker.privateJwk(), "ES384", client.key().keyId(), Map.of("iss", client.clientId(), "sub", client.clientId(),
        "aud", Grants.ISSUER, "exp", grants.platform.clock.instant().plusSeconds(60).getEpochSecond(), "jti", "forged"));

    Result outcome = grants.clientCredentials.clientCredentials(new ClientCredential.Assertion(forged, Optional.empty()), Optional.empty());

    assertThat(outcome).isInstanceOf(Result.Rejected.class);
  }

  @Test
  void an_unreachable_jwks_uri_is_invalid_client_without_detail() {
    KeyedClient client = aKeyedClient("ES384");
    grants.jwksDocuments.clear();

    Result outcome = grants.clientCredentials.clientCredentials(new ClientCredential.Assertion(assertion(client, "ES384", Map.of()), Optional.empty()),
        Optional.empty());

    assertThat(outcome).isEqualTo(new Result.Rejected(OAuthError.invalidClient("the client's jwks_uri could not be fetched")));
  }
}
