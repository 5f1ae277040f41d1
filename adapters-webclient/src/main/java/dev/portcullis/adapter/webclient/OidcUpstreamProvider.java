package dev.portcullis.adapter.webclient;

import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.UriQuery;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID Connect relying party (confidential client, {@code client_secret_basic}) for the session
 * broker. What is OIDC-specific lives here (strict discovery of one issuer, the authorization and
 * end-session URLs, ID token verification with its key cache); the token and revocation requests are the
 * ones every provider gets ({@link WebClientProviderOAuth}), over {@link Outbound} with the operator's
 * trust ({@link Outbound.Trust#CONFIGURED}). No redirects, bounded time and size; every failure is a value,
 * never a secret in a message.
 */
public final class OidcUpstreamProvider implements UpstreamProvider {
  private static final Duration DISCOVERY_TTL = Duration.ofHours(1);
  private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);
  private static final Duration JWKS_REFETCH = Duration.ofSeconds(10);
  private static final Duration DEFAULT_EXPIRES_IN = Duration.ofMinutes(5);
  private final URI issuer;
  private final String clientId;
  private final SecretBytes clientSecret;
  private final InstantSource clock;
  private final ProviderExchange http;
  private final WebClientProviderOAuth oauth;
  private final ProviderOAuth.ClientAuthentication client;
  private final AtomicReference<Cached<Discovery>> discovery = new AtomicReference<>();
  private final AtomicReference<Cached<String>> failedDiscovery = new AtomicReference<>();
  private final AtomicReference<Cached<String>> jwks = new AtomicReference<>();
  private final IdTokenVerifier idTokens;

  private record Cached<T>(T value, Instant at) {}

  /** @param http an {@link Outbound} whose deadline is the upstream timeout ({@code PORTCULLIS_UPSTREAM_TIMEOUT_MS}) */
  public OidcUpstreamProvider(URI issuer, String clientId, SecretBytes clientSecret, Outbound http, InstantSource clock, IdTokenVerifier idTokens) {
    this.idTokens = idTokens;
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.http = new WebClientProviderHttp(http, Outbound.Trust.CONFIGURED);
    this.oauth = new WebClientProviderOAuth(this.http, uri -> Optional.empty()); // the operator's issuer: no egress policy on its endpoints
    this.client = new ProviderOAuth.ClientAuthentication.SecretBasic(clientId, clientSecret);
    this.clock = clock;
  }

  // ---------------------------------------------------------------- discovery

  @Override
  public Discovery discovery() {
    Instant now = clock.instant();
    Cached<Discovery> cached = discovery.get();
    if (cached != null && cached.at().plus(DISCOVERY_TTL).isAfter(now)) {
      return cached.value();
    }
    Cached<String> failed = failedDiscovery.get();
    if (failed != null && failed.at().plus(DISCOVERY_RETRY).isAfter(now) && cached == null) {
      throw new DiscoveryFailed(failed.value());
    }
    try {
      Discovery fresh = fetchDiscovery();
      discovery.set(new Cached<>(fresh, now));
      failedDiscovery.set(null);
      return fresh;
    } catch (DiscoveryFailed e) {
      failedDiscovery.set(new Cached<>(e.getMessage(), now));
      if (cached != null) {
        return cached.value(); // stale beats nothing while the provider hiccups
      }
      throw e;
    }
  }

  private Discovery fetchDiscovery() {
    String base = issuer.toString().replaceAll("/+$", "");
    if (!(http.get(URI.create(base + "/.well-known/openid-configuration")) instanceof ProviderExchange.Answered answer)) {
      throw new DiscoveryFailed("the discovery document cannot be fetched");
    }
    if (answer.status() != 200) {
      throw new DiscoveryFailed("discovery answered HTTP " + answer.status());
    }
    Map<String, Object> json = answer.json().orElseThrow(() -> new DiscoveryFailed("the discovery document is not a JSON object"));
    if (!issuer.toString().equals(json.get("issuer"))) {
      throw new DiscoveryFailed("the discovery document names another issuer (OIDC Discovery section 4.3)");
    }
    try {
      return new Discovery(issuer.toString(), required(json, "authorization_endpoint"), required(json, "token_endpoint"), required(json, "jwks_uri"),
          optional(json, "revocation_endpoint"), optional(json, "end_session_endpoint"));
    } catch (IllegalArgumentException e) {
      throw new DiscoveryFailed("the discovery document is incomplete: " + e.getMessage());
    }
  }

  private static URI required(Map<String, Object> json, String name) {
    return optional(json, name).orElseThrow(() -> new IllegalArgumentException("no " + name));
  }

  private static Optional<URI> optional(Map<String, Object> json, String name) {
    return json.get(name) instanceof String value && !value.isEmpty() ? Optional.of(ProviderEndpoints.absoluteHttpUrl(name, value)) : Optional.empty();
  }

  @Override
  public URI authorizationUrl(AuthorizationRequest request) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("response_type", "code");
    parameters.put("client_id", clientId);
    parameters.put("redirect_uri", request.redirectUri().toString());
    parameters.put("scope", String.join(" ", request.scopes()));
    parameters.put("state", request.state());
    parameters.put("nonce", request.nonce());
    parameters.put("code_challenge", request.codeChallenge());
    parameters.put("code_challenge_method", "S256");
    request.loginHint().ifPresent(hint -> parameters.put("login_hint", hint));
    request.prompt().ifPresent(prompt -> parameters.put("prompt", prompt));
    return UriQuery.append(discovery().authorizationEndpoint(), parameters);
  }

  // ---------------------------------------------------------------- token endpoint

  @Override
  public TokenResult exchangeCode(String code, String codeVerifier, URI redirectUri) {
    return token(Map.of("grant_type", "authorization_code", "code", code, "code_verifier", codeVerifier, "redirect_uri", redirectUri.toString()));
  }

  @Override
  public TokenResult refresh(String refreshToken) {
    return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  private TokenResult token(Map<String, String> parameters) {
    Discovery metadata;
    try {
      metadata = discovery();
    } catch (DiscoveryFailed e) {
      return new TokenResult.Unavailable(Duration.ofSeconds(1), e.getMessage());
    }
    return switch (oauth.token(metadata.tokenEndpoint(), client, parameters)) {
      case ProviderOAuth.TokenResult.Tokens tokens -> new TokenResult.Tokens(tokens.accessToken(), tokens.refreshToken(), tokens.idToken(),
          tokens.expiresIn().orElse(DEFAULT_EXPIRES_IN), tokens.scope());
      case ProviderOAuth.TokenResult.Rejected rejected -> new TokenResult.Rejected(rejected.error(), rejected.description());
      case ProviderOAuth.TokenResult.Unavailable unavailable -> new TokenResult.Unavailable(unavailable.retryAfter(), unavailable.reason());
      case ProviderOAuth.TokenResult.Malformed malformed -> new TokenResult.Unavailable(Duration.ofSeconds(1), malformed.reason());
    };
  }

  @Override
  public boolean revoke(String token, String tokenTypeHint) {
    try {
      Optional<URI> endpoint = discovery().revocationEndpoint();
      return endpoint.isPresent() && oauth.revoke(endpoint.get(), client, token, tokenTypeHint);
    } catch (DiscoveryFailed e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- ID token

  @Override
  public IdTokenResult verifyIdToken(String idToken, String expectedNonce) {
    try {
      for (boolean refetch : new boolean[] {false, true}) { // a second fetch only for an unknown kid (key rotation)
        switch (idTokens.verify(idToken, keys(refetch), issuer.toString(), clientId, expectedNonce, clock.instant())) {
          case IdTokenVerifier.Valid valid -> {
            return new IdTokenResult.Valid(valid.claims());
          }
          case IdTokenVerifier.Invalid invalid -> {
            if (!invalid.unknownKey() || refetch) {
              return new IdTokenResult.Invalid(invalid.reason());
            }
          }
        }
      }
      return new IdTokenResult.Invalid("no key of the provider matches the ID token");
    } catch (DiscoveryFailed | IllegalStateException e) {
      return new IdTokenResult.Unavailable("the provider's keys cannot be fetched: " + e.getMessage());
    }
  }

  /** The provider's JWK Set (JSON), cached; refetched at most every 10 s when asked to. */
  private String keys(boolean forceRefresh) {
    Instant now = clock.instant();
    Cached<String> cached = jwks.get();
    if (cached != null && (!forceRefresh || cached.at().plus(JWKS_REFETCH).isAfter(now))) {
      return cached.value();
    }
    String body = oauth.jwks(discovery().jwksUri()).orElseThrow(() -> new IllegalStateException("JWKS unavailable"));
    jwks.set(new Cached<>(body, now));
    return body;
  }

  @Override
  public Optional<URI> endSessionUrl(URI postLogoutRedirectUri, String state) {
    try {
      return discovery().endSessionEndpoint().map(endpoint -> {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("post_logout_redirect_uri", postLogoutRedirectUri.toString());
        if (!state.isEmpty()) {
          parameters.put("state", state);
        }
        parameters.put("client_id", clientId);
        return UriQuery.append(endpoint, parameters);
      });
    } catch (DiscoveryFailed e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "OidcUpstreamProvider[" + issuer + ", " + clientId + "]";
  }
}
