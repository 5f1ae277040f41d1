package dev.portcullis.adapter.webclient;

import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.domain.shared.SecretBytes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * An OpenID Connect relying party (confidential client, {@code client_secret_basic}) for the session
 * broker, over {@link Outbound}: the upstream issuer is the operator's ({@link Outbound.Trust#CONFIGURED}).
 * No redirects, bounded time and size; every failure is a value, never a secret in a message.
 */
public final class OidcUpstreamProvider implements UpstreamProvider {
  private static final Duration DISCOVERY_TTL = Duration.ofHours(1);
  private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);
  private static final Duration JWKS_REFETCH = Duration.ofSeconds(10);
  private final URI issuer;
  private final String clientId;
  private final SecretBytes clientSecret;
  private final InstantSource clock;
  private final Outbound http;
  private final AtomicReference<Cached<Discovery>> discovery = new AtomicReference<>();
  private final AtomicReference<Cached<String>> failedDiscovery = new AtomicReference<>();
  private final AtomicReference<Cached<String>> jwks = new AtomicReference<>();
  private final IdTokenVerifier idTokens;

  private record Cached<T>(T value, Instant at) {}

  private record Answer(int status, String body, Optional<String> retryAfter) {}

  /** @param http an {@link Outbound} whose deadline is the upstream timeout ({@code PORTCULLIS_UPSTREAM_TIMEOUT_MS}) */
  public OidcUpstreamProvider(URI issuer, String clientId, SecretBytes clientSecret, Outbound http, InstantSource clock, IdTokenVerifier idTokens) {
    this.idTokens = idTokens;
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.http = http;
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
    String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1) : issuer.toString();
    Answer answer = get(URI.create(base + "/.well-known/openid-configuration")).orElseThrow(() -> new DiscoveryFailed("the discovery document cannot be fetched"));
    if (answer.status() != 200) {
      throw new DiscoveryFailed("discovery answered HTTP " + answer.status());
    }
    try {
      JsonObject json = new JsonObject(answer.body());
      if (!issuer.toString().equals(json.getString("issuer"))) {
        throw new DiscoveryFailed("the discovery document names another issuer (OIDC Discovery section 4.3)");
      }
      URI authorization = URI.create(json.getString("authorization_endpoint"));
      URI token = URI.create(json.getString("token_endpoint"));
      URI jwksUri = URI.create(json.getString("jwks_uri"));
      return new Discovery(json.getString("issuer"), authorization, token, jwksUri, Optional.ofNullable(json.getString("revocation_endpoint")).map(URI::create),
          Optional.ofNullable(json.getString("end_session_endpoint")).map(URI::create));
    } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new DiscoveryFailed("the discovery document is incomplete or not JSON");
    }
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
    return dev.portcullis.application.shared.UriQuery.append(discovery().authorizationEndpoint(), parameters);
  }

  // ---------------------------------------------------------------- token endpoint

  @Override
  public TokenResult exchangeCode(String code, String codeVerifier, URI redirectUri) {
    return token(form(Map.of("grant_type", "authorization_code", "code", code, "code_verifier", codeVerifier, "redirect_uri", redirectUri.toString())));
  }

  @Override
  public TokenResult refresh(String refreshToken) {
    return token(form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)));
  }

  private TokenResult token(String form) {
    Discovery metadata;
    try {
      metadata = discovery();
    } catch (DiscoveryFailed e) {
      return new TokenResult.Unavailable(Duration.ofSeconds(1), e.getMessage());
    }
    Optional<Answer> sent = post(metadata.tokenEndpoint(), form);
    if (sent.isEmpty()) {
      return new TokenResult.Unavailable(Duration.ofSeconds(1), "the token endpoint cannot be reached");
    }
    Answer answer = sent.get();
    Duration retryAfter = answer.retryAfter().filter(v -> v.matches("[1-9][0-9]{0,5}")).map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(Duration.ofSeconds(1));
    JsonObject json;
    try {
      json = new JsonObject(answer.body());
    } catch (DecodeException e) {
      return new TokenResult.Unavailable(retryAfter, "the token endpoint answered HTTP " + answer.status() + " without JSON");
    }
    if (answer.status() == 200 && json.getValue("access_token") instanceof String accessToken) {
      long expiresIn = json.getValue("expires_in") instanceof Number n ? n.longValue() : 300;
      return new TokenResult.Tokens(accessToken, Optional.ofNullable(json.getString("refresh_token")), Optional.ofNullable(json.getString("id_token")),
          Duration.ofSeconds(expiresIn), Optional.ofNullable(json.getString("scope")));
    }
    if ((answer.status() == 400 || answer.status() == 401) && json.getValue("error") instanceof String error) {
      return new TokenResult.Rejected(error, json.getString("error_description", ""));
    }
    return new TokenResult.Unavailable(retryAfter, "the token endpoint answered HTTP " + answer.status());
  }

  @Override
  public boolean revoke(String token, String tokenTypeHint) {
    try {
      Optional<URI> endpoint = discovery().revocationEndpoint();
      return endpoint.isPresent() && post(endpoint.get(), form(Map.of("token", token, "token_type_hint", tokenTypeHint)))
          .map(answer -> answer.status() == 200).orElse(false);
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
    Answer answer = get(discovery().jwksUri()).filter(a -> a.status() == 200).orElseThrow(() -> new IllegalStateException("JWKS unavailable"));
    jwks.set(new Cached<>(answer.body(), now));
    return answer.body();
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
        return dev.portcullis.application.shared.UriQuery.append(endpoint, parameters);
      });
    } catch (DiscoveryFailed e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- HTTP

  private Optional<Answer> post(URI endpoint, String form) {
    String basic = Base64.getEncoder().encodeToString((urlEncode(clientId) + ":" + urlEncode(clientSecret.revealUtf8())).getBytes(StandardCharsets.UTF_8));
    return send(io.vertx.core.http.HttpMethod.POST, endpoint, Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json",
        "Authorization", "Basic " + basic), io.vertx.core.buffer.Buffer.buffer(form));
  }

  private Optional<Answer> get(URI uri) {
    return send(io.vertx.core.http.HttpMethod.GET, uri, Map.of("Accept", "application/json"), null);
  }

  /** The answer, or empty when the provider could not be reached in time (the reason is logged by {@link Outbound}, never a token). */
  private Optional<Answer> send(io.vertx.core.http.HttpMethod method, URI uri, Map<String, String> headers, io.vertx.core.buffer.Buffer body) {
    return switch (http.send(method, uri, headers, body, Outbound.Trust.CONFIGURED)) {
      case Outbound.Answered answered -> Optional.of(new Answer(answered.status(), answered.body(), answered.header("retry-after")));
      case Outbound.Failed failed -> Optional.empty();
    };
  }

  private static String form(Map<String, String> parameters) {
    return parameters.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue())).collect(Collectors.joining("&"));
  }

  private static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OidcUpstreamProvider[" + issuer + ", " + clientId + "]";
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
