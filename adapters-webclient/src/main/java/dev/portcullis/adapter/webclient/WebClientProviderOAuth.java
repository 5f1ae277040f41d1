package dev.portcullis.adapter.webclient;

import dev.portcullis.adapter.webclient.ProviderExchange.Answered;
import dev.portcullis.adapter.webclient.ProviderExchange.Failed;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.UnicodeText;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProviderOAuth} on the wire: discovery (OIDC, RFC 8414, SMART), client authentication (RFC 6749
 * §2.3, RFC 7523 {@code private_key_jwt} as SMART Backend Services want it), token requests with strict
 * response checks (RFC 6749 §5.1/§5.2), RFC 7009 revocation and RFC 8628 device authorization. Status
 * codes, form bodies and Basic headers live here and nowhere else.
 */
public final class WebClientProviderOAuth implements ProviderOAuth {
  private final ProviderExchange http;
  private final EgressPolicy egress;

  /** @param egress applied to every discovered endpoint (the exchange applies it again to the address it connects to) */
  public WebClientProviderOAuth(Outbound outbound, EgressPolicy egress) {
    this(new WebClientProviderHttp(outbound), egress);
  }

  WebClientProviderOAuth(ProviderExchange http, EgressPolicy egress) {
    this.http = http;
    this.egress = egress;
  }

  // ---------------------------------------------------------------- discovery

  @Override
  public Discovery discover(URI issuer) {
    String base = issuer.toString().replaceAll("/+$", "");
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
    String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
    List<URI> candidates = List.of(URI.create(base + "/.well-known/openid-configuration"), URI.create(origin + "/.well-known/oauth-authorization-server" + path),
        URI.create(base + "/.well-known/smart-configuration"));
    boolean answered = false;
    for (URI candidate : candidates) {
      switch (http.get(candidate)) {
        case Failed failed -> { }
        case Answered answer when answer.status() == 200 && answer.json().isPresent() -> {
          return metadata(answer.json().get(), base);
        }
        case Answered answer -> answered = true;
      }
    }
    // one answer for every way it failed (refused by the egress policy, unreachable, 404, HTML): the detail is in the server log
    return answered ? new Discovery.Invalid("no discovery document was found at the issuer") : new Discovery.Unavailable("the provider could not be reached");
  }

  private Discovery metadata(Map<String, Object> document, String expectedIssuer) {
    Optional<String> issuer = text(document, "issuer");
    if (issuer.isPresent() && !issuer.get().replaceAll("/+$", "").equals(expectedIssuer)) {
      return new Discovery.Invalid("the discovery document names issuer " + UnicodeText.printable(issuer.get()) + ", not " + expectedIssuer);
    }
    try {
      Optional<URI> token = endpoint(document, "token_endpoint");
      if (token.isEmpty()) {
        return new Discovery.Invalid("the discovery document has no token_endpoint");
      }
      return new Discovery.Found(new Metadata(issuer, new ProviderEndpoints(endpoint(document, "authorization_endpoint"), token.get(),
          endpoint(document, "revocation_endpoint"), endpoint(document, "userinfo_endpoint"),
          endpoint(document, "device_authorization_endpoint"), endpoint(document, "jwks_uri"))));
    } catch (IllegalArgumentException e) {
      return new Discovery.Invalid(e.getMessage());
    }
  }

  private Optional<URI> endpoint(Map<String, Object> document, String name) {
    return text(document, name).map(value -> {
      URI uri = ProviderEndpoints.absoluteHttpUrl(name, value);
      egress.refusal(uri).ifPresent(refused -> {
        throw new IllegalArgumentException(name + ": " + refused);
      });
      return uri;
    });
  }

  // ---------------------------------------------------------------- token requests

  @Override
  public TokenResult token(URI tokenEndpoint, ClientAuthentication client, Map<String, String> parameters) {
    Map<String, String> form = new LinkedHashMap<>(parameters);
    Optional<String> basic = authenticate(client, tokenEndpoint, form);
    return switch (http.postForm(tokenEndpoint, form, basic)) {
      case Failed failed -> new TokenResult.Unavailable(DEFAULT_RETRY_AFTER, "the provider's token endpoint cannot be reached: " + failed.reason());
      case Answered answer -> tokenAnswer(answer);
    };
  }

  /** RFC 6749 §5.1 / §5.2, strictly: what is not a valid answer is Malformed, never half-stored. */
  static TokenResult tokenAnswer(Answered answer) {
    int status = answer.status();
    if (status == 429 || status >= 500) {
      return new TokenResult.Unavailable(answer.retryAfter().orElse(DEFAULT_RETRY_AFTER), "the provider's token endpoint answered " + status);
    }
    if (answer.json().isEmpty()) {
      return new TokenResult.Malformed("the provider's token endpoint answered " + status + " without a JSON object");
    }
    Map<String, Object> json = answer.json().get();
    if (json.get("error") instanceof String error && (status >= 400 || !json.containsKey("access_token"))) {
      // RFC 6749 §5.2; some providers (Slack) send their errors with 200
      String description = json.get("error_description") instanceof String d ? d : "";
      return new TokenResult.Rejected(UnicodeText.printable(error), UnicodeText.printable(description));
    }
    if (status != 200) {
      return new TokenResult.Malformed("the provider's token endpoint answered " + status + " without an OAuth error");
    }
    if (!(json.get("access_token") instanceof String access) || access.isEmpty()) {
      return new TokenResult.Malformed("the token response has no access_token");
    }
    Object type = json.getOrDefault("token_type", "Bearer");
    if (!(type instanceof String tokenType) || tokenType.isEmpty()) {
      return new TokenResult.Malformed("token_type is not a string");
    }
    Optional<Duration> expiresIn;
    Object expires = json.get("expires_in");
    if (expires == null && !json.containsKey("expires_in")) {
      expiresIn = Optional.empty();
    } else if (expires instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < 1e10) {
      expiresIn = Optional.of(Duration.ofSeconds(n.longValue()));
    } else if (expires instanceof String s && s.matches("[0-9]{1,10}")) {
      expiresIn = Optional.of(Duration.ofSeconds(Long.parseLong(s))); // some providers send a numeric string
    } else {
      return new TokenResult.Malformed("expires_in is not a number");
    }
    try {
      return new TokenResult.Tokens(access, tokenType, optionalText(json, "refresh_token"), optionalText(json, "id_token"), expiresIn,
          optionalText(json, "scope"));
    } catch (IllegalArgumentException e) {
      return new TokenResult.Malformed(e.getMessage());
    }
  }

  /** Absent is fine; present must be a non-empty string ({@code "refresh_token": null} is not). */
  private static Optional<String> optionalText(Map<String, Object> json, String name) {
    if (!json.containsKey(name)) {
      return Optional.empty();
    }
    if (json.get(name) instanceof String value && !value.isEmpty()) {
      return Optional.of(value);
    }
    throw new IllegalArgumentException(name + " is present but not a non-empty string");
  }

  /** Adds the client authentication to {@code form}; the Basic credentials when the method uses the header. */
  private static Optional<String> authenticate(ClientAuthentication client, URI endpoint, Map<String, String> form) {
    switch (client) {
      case ClientAuthentication.SecretBasic basic -> {
        return Optional.of(Base64.getEncoder().encodeToString((formEncode(basic.clientId()) + ":" + formEncode(basic.secret().revealUtf8()))
            .getBytes(StandardCharsets.UTF_8)));
      }
      case ClientAuthentication.SecretPost post -> {
        form.put("client_id", post.clientId());
        form.put("client_secret", post.secret().revealUtf8());
      }
      case ClientAuthentication.PrivateKeyJwt jwt -> {
        form.put("client_id", jwt.clientId());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", jwt.assertionFor().apply(endpoint));
      }
      case ClientAuthentication.None none -> form.put("client_id", none.clientId());
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- revocation, device authorization, JWKS

  @Override
  public boolean revoke(URI revocationEndpoint, ClientAuthentication client, String token, String tokenTypeHint) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("token_type_hint", tokenTypeHint);
    Optional<String> basic = authenticate(client, revocationEndpoint, form);
    return http.postForm(revocationEndpoint, form, basic) instanceof Answered answer && answer.status() == 200;
  }

  @Override
  public DeviceStart deviceAuthorization(URI endpoint, ClientAuthentication client, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    if (!scope.isEmpty()) {
      form.put("scope", scope);
    }
    Optional<String> basic = authenticate(client, endpoint, form);
    form.putIfAbsent("client_id", client.clientId()); // RFC 8628 §3.1: client_id even for confidential clients
    return switch (http.postForm(endpoint, form, basic)) {
      case Failed failed -> new DeviceStart.Failed(new TokenResult.Unavailable(DEFAULT_RETRY_AFTER, "the device authorization endpoint cannot be reached"));
      case Answered answer -> deviceAnswer(answer);
    };
  }

  static DeviceStart deviceAnswer(Answered answer) {
    if (answer.status() == 429 || answer.status() >= 500) {
      return new DeviceStart.Failed(new TokenResult.Unavailable(answer.retryAfter().orElse(DEFAULT_RETRY_AFTER), "the device authorization endpoint answered "
          + answer.status()));
    }
    Map<String, Object> json = answer.json().orElse(Map.of());
    if (answer.status() != 200) {
      return new DeviceStart.Failed(json.get("error") instanceof String error ? new TokenResult.Rejected(UnicodeText.printable(error),
          json.get("error_description") instanceof String d ? UnicodeText.printable(d) : "") : new TokenResult.Malformed("the device authorization endpoint answered "
          + answer.status()));
    }
    try {
      String deviceCode = optionalText(json, "device_code").orElseThrow(() -> new IllegalArgumentException("no device_code"));
      String userCode = optionalText(json, "user_code").orElseThrow(() -> new IllegalArgumentException("no user_code"));
      URI verification = URI.create(optionalText(json, "verification_uri").or(() -> optionalText(json, "verification_url"))
          .orElseThrow(() -> new IllegalArgumentException("no verification_uri")));
      Optional<URI> complete = optionalText(json, "verification_uri_complete").map(URI::create);
      if (!(json.get("expires_in") instanceof Number expires)) {
        throw new IllegalArgumentException("expires_in is not a number");
      }
      Duration interval = json.get("interval") instanceof Number n ? Duration.ofSeconds(Math.max(1, n.longValue())) : Duration.ofSeconds(5);
      return new DeviceStart.Started(deviceCode, userCode, verification, complete, Duration.ofSeconds(expires.longValue()), interval);
    } catch (IllegalArgumentException e) {
      return new DeviceStart.Failed(new TokenResult.Malformed("the device authorization answer is invalid: " + e.getMessage()));
    }
  }

  @Override
  public Optional<String> jwks(URI jwksUri) {
    return http.get(jwksUri) instanceof Answered answer && answer.status() == 200 && answer.json().isPresent() ? Optional.of(answer.body()) : Optional.empty();
  }

  @Override
  public UserinfoResult userinfo(URI userinfoEndpoint, String accessToken) {
    return switch (http.getWithBearer(userinfoEndpoint, accessToken)) {
      case Failed failed -> new UserinfoResult.Failed(new TokenResult.Unavailable(DEFAULT_RETRY_AFTER, "the provider's userinfo endpoint cannot be reached"));
      case Answered answer -> userinfoAnswer(answer);
    };
  }

  /** OIDC Core §5.3.2 (a JSON object) and §5.3.3 / RFC 6750 §3.1 (errors; 401 = the token is no longer good). */
  static UserinfoResult userinfoAnswer(Answered answer) {
    int status = answer.status();
    if (status == 429 || status >= 500) {
      return new UserinfoResult.Failed(new TokenResult.Unavailable(answer.retryAfter().orElse(DEFAULT_RETRY_AFTER), "the provider's userinfo endpoint answered "
          + status));
    }
    if (status == 401) {
      return new UserinfoResult.TokenRefused();
    }
    if (status != 200) {
      Map<String, Object> json = answer.json().orElse(Map.of());
      return new UserinfoResult.Failed(json.get("error") instanceof String error
          ? new TokenResult.Rejected(UnicodeText.printable(error), json.get("error_description") instanceof String d ? UnicodeText.printable(d) : "")
          : new TokenResult.Rejected("userinfo_refused", "the provider's userinfo endpoint answered " + status));
    }
    return answer.json().<UserinfoResult>map(UserinfoResult.Claims::new).orElseGet(() -> new UserinfoResult.Failed(new TokenResult.Malformed(
        "the userinfo answer is not a JSON object (signed or encrypted userinfo responses are not supported)")));
  }

  private static Optional<String> text(Map<String, Object> json, String name) {
    return json.get(name) instanceof String value && !value.isEmpty() ? Optional.of(value) : Optional.empty();
  }

  /** RFC 6749 §2.3.1 / Appendix B: the client id and secret are form-encoded before Basic encoding. */
  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
