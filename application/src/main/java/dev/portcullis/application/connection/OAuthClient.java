package dev.portcullis.application.connection;

import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ProviderHttp;
import dev.portcullis.application.connection.port.out.ProviderHttp.Answered;
import dev.portcullis.application.connection.port.out.ProviderHttp.Failed;
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of OAuth 2.0 toward third-party providers, independent of the service around it:
 * discovery (OIDC, RFC 8414, SMART), client authentication (RFC 6749 §2.3, RFC 7523 {@code private_key_jwt}
 * as SMART Backend Services want it), token requests with strict response checks (RFC 6749 §5.1/§5.2),
 * RFC 7009 revocation and RFC 8628 device authorization. Speaks HTTP only through {@link ProviderHttp}.
 */
public final class OAuthClient {
  /** Unreachable, 429 or 5xx without a Retry-After: ask again after this. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
  private final ProviderHttp http;
  private final AssertionSigner signer;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final ExpiringCache<String, Metadata> discovered;
  private final Duration metadataTtl;
  private final EgressPolicy egress;

  /** @param egress where a provider's URLs (all chosen by a tenant) may point; applied to registered and discovered endpoints alike */
  public OAuthClient(ProviderHttp http, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock, Duration metadataTtl,
                     EgressPolicy egress) {
    this.egress = egress;
    this.http = http;
    this.signer = signer;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
    this.metadataTtl = metadataTtl;
    this.discovered = new ExpiringCache<>(1_000);
  }

  // ---------------------------------------------------------------- discovery

  /** A provider's metadata: its endpoints and, when it has one, the issuer it names itself with. */
  public record Metadata(Optional<String> issuer, ProviderEndpoints endpoints) {}

  public sealed interface Discovery {
    record Found(Metadata metadata) implements Discovery {}

    /** The document is wrong: issuer mismatch, an http endpoint, no token endpoint. */
    record Invalid(String reason) implements Discovery {}

    record Unavailable(String reason) implements Discovery {}
  }

  /**
   * Discovers {@code issuer}: OIDC ({@code <issuer>/.well-known/openid-configuration}), then RFC 8414
   * ({@code /.well-known/oauth-authorization-server<path>}), then SMART ({@code <issuer>/.well-known/smart-configuration}).
   * The document's {@code issuer}, when it has one, must equal {@code issuer} exactly (RFC 8414 §3.3).
   */
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
      return new Discovery.Invalid("the discovery document names issuer " + issuer.get() + ", not " + expectedIssuer);
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
    return text(document, name).map(value -> checkedEndpoint(name, value));
  }

  /**
   * An absolute http(s) URI with a host and without a fragment that the egress policy allows (https unless
   * the operator allows plain http; no internal addresses unless allow-listed). The policy's reason names
   * nothing the caller did not send.
   */
  public URI checkedEndpoint(String name, String value) {
    URI uri = absoluteHttpUrl(name, value);
    Optional<String> refused = egress.refusal(uri);
    if (refused.isPresent()) {
      throw new IllegalArgumentException(name + ": " + refused.get());
    }
    return uri;
  }

  /** An absolute http(s) URI with a host and without a fragment (no egress check: a browser goes there, not Portcullis). */
  public static URI absoluteHttpUrl(String name, String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URI");
    }
    boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawFragment() != null || !web) {
      throw new IllegalArgumentException(name + " must be an absolute https URL with a host and without a fragment");
    }
    return uri;
  }

  /** The endpoints to use: explicit ones win, the rest come from discovery (cached). */
  public sealed interface Endpoints {
    record Resolved(Metadata metadata) implements Endpoints {}

    record Unresolved(String reason, boolean unavailable) implements Endpoints {}
  }

  public Endpoints endpoints(Provider provider) {
    if (provider.issuer().isEmpty()) {
      return new Endpoints.Resolved(new Metadata(Optional.empty(), provider.endpoints().orElseThrow()));
    }
    String key = provider.id() + "|" + provider.updatedAt();
    Optional<Metadata> cached = discovered.get(key, clock.instant());
    Metadata metadata;
    if (cached.isPresent()) {
      metadata = cached.get();
    } else {
      switch (discover(provider.issuer().get())) {
        case Discovery.Found found -> {
          metadata = found.metadata();
          discovered.put(key, metadata, clock.instant().plus(metadataTtl));
        }
        case Discovery.Invalid invalid -> {
          return new Endpoints.Unresolved(invalid.reason(), false);
        }
        case Discovery.Unavailable unavailable -> {
          return new Endpoints.Unresolved(unavailable.reason(), true);
        }
      }
    }
    if (provider.endpoints().isEmpty()) {
      return new Endpoints.Resolved(metadata);
    }
    ProviderEndpoints explicit = provider.endpoints().get();
    ProviderEndpoints found = metadata.endpoints();
    return new Endpoints.Resolved(new Metadata(metadata.issuer(), new ProviderEndpoints(explicit.authorization().or(found::authorization), explicit.token(),
        explicit.revocation().or(found::revocation), explicit.userinfo().or(found::userinfo), explicit.deviceAuthorization().or(found::deviceAuthorization),
        explicit.jwks().or(found::jwks))));
  }

  // ---------------------------------------------------------------- token requests

  public sealed interface TokenResult {
    /** A valid RFC 6749 §5.1 answer. {@code refreshToken} empty when the provider sent none. */
    record Tokens(String accessToken, String tokenType, Optional<String> refreshToken, Optional<String> idToken, Optional<Duration> expiresIn,
                  Optional<String> scope) implements TokenResult {
      @Override
      public String toString() {
        return "Tokens[" + tokenType + "]";
      }
    }

    /** An OAuth error from the provider (RFC 6749 §5.2): invalid_grant, invalid_client... */
    record Rejected(String error, String description) implements TokenResult {}

    /** Not a valid token answer: nothing may be stored. */
    record Malformed(String reason) implements TokenResult {}

    /** Unreachable, timed out, 429 or 5xx. */
    record Unavailable(Duration retryAfter, String reason) implements TokenResult {}
  }

  /** A token request with {@code grant} parameters plus the provider's client authentication. */
  public TokenResult token(Provider provider, ProviderEndpoints endpoints, Map<String, String> grant) {
    Map<String, String> form = new LinkedHashMap<>(grant);
    Optional<String> basic = authenticate(provider, endpoints.token(), form);
    return switch (http.postForm(endpoints.token(), form, basic)) {
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
      return new TokenResult.Rejected(safe(error), safe(description));
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
    Optional<String> refresh;
    try {
      refresh = optionalText(json, "refresh_token");
      return new TokenResult.Tokens(access, tokenType, refresh, optionalText(json, "id_token"), expiresIn, optionalText(json, "scope"));
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
  private Optional<String> authenticate(Provider provider, URI tokenEndpoint, Map<String, String> form) {
    switch (provider.authMethod()) {
      case CLIENT_SECRET_BASIC -> {
        String secret = clientSecret(provider);
        return Optional.of(Base64.getEncoder().encodeToString((formEncode(provider.clientId()) + ":" + formEncode(secret)).getBytes(StandardCharsets.UTF_8)));
      }
      case CLIENT_SECRET_POST -> {
        form.put("client_id", provider.clientId());
        form.put("client_secret", clientSecret(provider));
      }
      case PRIVATE_KEY_JWT -> {
        form.put("client_id", provider.clientId());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion(provider, tokenEndpoint));
      }
      case NONE -> form.put("client_id", provider.clientId());
    }
    return Optional.empty();
  }

  private String clientSecret(Provider provider) {
    return envelope.open(provider.clientSecret().orElseThrow(() -> new IllegalStateException("provider " + provider.id() + " has no client secret")),
        Provider.binding(provider.tenant(), provider.id())).revealUtf8();
  }

  /** RFC 7523 §3 / SMART Backend Services: iss = sub = client_id, aud = the token endpoint, exp 5 minutes ahead, unique jti. */
  String assertion(Provider provider, URI tokenEndpoint) {
    var key = provider.assertionKey().orElseThrow(() -> new IllegalStateException("provider " + provider.id() + " has no assertion key"));
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", provider.clientId());
    claims.put("sub", provider.clientId());
    claims.put("aud", tokenEndpoint.toString());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
    claims.put("jti", random.randomToken(24));
    return signer.sign(envelope.open(key.privateJwk(), Provider.binding(provider.tenant(), provider.id())), key.algorithm(), key.keyId(), claims);
  }

  // ---------------------------------------------------------------- revocation, device authorization

  /** RFC 7009: true when the provider confirmed (200); false when it has no endpoint or failed. Never throws. */
  public boolean revoke(Provider provider, ProviderEndpoints endpoints, String token, String tokenTypeHint) {
    if (endpoints.revocation().isEmpty()) {
      return false;
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("token_type_hint", tokenTypeHint);
    Optional<String> basic = authenticate(provider, endpoints.revocation().get(), form);
    return http.postForm(endpoints.revocation().get(), form, basic) instanceof Answered answer && answer.status() == 200;
  }

  public sealed interface DeviceStart {
    record Started(String deviceCode, String userCode, URI verificationUri, Optional<URI> verificationUriComplete, Duration expiresIn, Duration interval)
        implements DeviceStart {
      @Override
      public String toString() {
        return "Started[" + userCode + "]";
      }
    }

    record Failed(TokenResult problem) implements DeviceStart {}
  }

  /** RFC 8628 §3.1–3.2. */
  public DeviceStart deviceAuthorization(Provider provider, ProviderEndpoints endpoints, String scope) {
    URI endpoint = endpoints.deviceAuthorization().orElseThrow();
    Map<String, String> form = new LinkedHashMap<>();
    if (!scope.isEmpty()) {
      form.put("scope", scope);
    }
    Optional<String> basic = authenticate(provider, endpoint, form);
    form.putIfAbsent("client_id", provider.clientId()); // RFC 8628 §3.1: client_id even for confidential clients
    return switch (http.postForm(endpoint, form, basic)) {
      case Failed failed -> new DeviceStart.Failed(new TokenResult.Unavailable(DEFAULT_RETRY_AFTER, "the device authorization endpoint cannot be reached"));
      case Answered answer -> deviceAnswer(answer);
    };
  }

  private static DeviceStart deviceAnswer(Answered answer) {
    if (answer.status() == 429 || answer.status() >= 500) {
      return new DeviceStart.Failed(new TokenResult.Unavailable(answer.retryAfter().orElse(DEFAULT_RETRY_AFTER), "the device authorization endpoint answered "
          + answer.status()));
    }
    Map<String, Object> json = answer.json().orElse(Map.of());
    if (answer.status() != 200) {
      return new DeviceStart.Failed(json.get("error") instanceof String error ? new TokenResult.Rejected(safe(error),
          json.get("error_description") instanceof String d ? safe(d) : "") : new TokenResult.Malformed("the device authorization endpoint answered "
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

  /** Fetches a JWK Set (for ID token verification). */
  public Optional<String> jwks(URI jwksUri) {
    return http.get(jwksUri) instanceof Answered answer && answer.status() == 200 && answer.json().isPresent() ? Optional.of(answer.body()) : Optional.empty();
  }

  /** Provider-supplied text that is echoed: printable ASCII, bounded. */
  static String safe(String text) {
    String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  private static Optional<String> text(Map<String, Object> json, String name) {
    return json.get(name) instanceof String value && !value.isEmpty() ? Optional.of(value) : Optional.empty();
  }

  /** RFC 6749 §2.3.1 / Appendix B: the client id and secret are form-encoded before Basic encoding. */
  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
