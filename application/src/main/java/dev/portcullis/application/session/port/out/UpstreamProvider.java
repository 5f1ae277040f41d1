package dev.portcullis.application.session.port.out;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream OpenID provider the session broker logs users in with (OIDC discovery from the
 * configured issuer, confidential client with {@code client_secret_basic}). Blocking calls with bounded
 * timeouts; every network or 5xx failure is {@link Unavailable}, never an exception the caller must guess.
 */
public interface UpstreamProvider {
  /** The provider's metadata (discovery, cached by the adapter). @throws DiscoveryFailed when it cannot be fetched or is inconsistent */
  Discovery discovery();

  /** The upstream authorization request URL that starts a login (authorization code + PKCE S256). */
  URI authorizationUrl(AuthorizationRequest request);

  /** RFC 6749 §4.1.3 code exchange with PKCE (RFC 7636 §4.5). */
  TokenResult exchangeCode(String code, String codeVerifier, URI redirectUri);

  /** RFC 6749 §6 refresh. */
  TokenResult refresh(String refreshToken);

  /** RFC 7009, best effort: false when the provider has no revocation endpoint or did not accept it. */
  boolean revoke(String token, String tokenTypeHint);

  /**
   * Verifies an ID token (OIDC Core §3.1.3.7): signature with the provider's JWKS (refetched once on an
   * unknown kid), an asymmetric algorithm, {@code iss} = the issuer, {@code aud} contains our client id
   * (and {@code azp} is ours when there are several), {@code exp} in the future, {@code nonce} = the expected one.
   */
  IdTokenResult verifyIdToken(String idToken, String expectedNonce);

  /**
   * The RP-initiated logout URL (OIDC RP-Initiated Logout 1.0 §2), when the provider has an
   * end_session_endpoint. It names the client with {@code client_id}, not with an {@code id_token_hint}:
   * the URL goes through the browser, and upstream tokens never do.
   */
  Optional<URI> endSessionUrl(URI postLogoutRedirectUri, String state);

  record Discovery(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri, Optional<URI> revocationEndpoint,
                   Optional<URI> endSessionEndpoint) {}

  /** What Portcullis sends upstream; {@code loginHint} and {@code prompt} are forwarded from the client. */
  record AuthorizationRequest(URI redirectUri, List<String> scopes, String state, String nonce, String codeChallenge, Optional<String> loginHint,
                              Optional<String> prompt) {}

  sealed interface TokenResult {
    /** {@code refreshToken} and {@code idToken} only when the provider sent them. */
    record Tokens(String accessToken, Optional<String> refreshToken, Optional<String> idToken, Duration expiresIn, Optional<String> scope)
        implements TokenResult {
      @Override
      public String toString() {
        return "Tokens[expiresIn=" + expiresIn + "]"; // never the tokens
      }
    }

    /** An RFC 6749 §5.2 error from the provider (e.g. {@code invalid_grant}): the grant is gone. */
    record Rejected(String error, String description) implements TokenResult {}

    /** 5xx, 429, timeout, unreachable or an unparseable answer: retry later; {@code retryAfter} from the provider or 1 s. */
    record Unavailable(Duration retryAfter, String reason) implements TokenResult {}
  }

  sealed interface IdTokenResult {
    /** The verified claims (strings, booleans, numbers and lists of strings as parsed from JSON). */
    record Valid(Map<String, Object> claims) implements IdTokenResult {}

    record Invalid(String reason) implements IdTokenResult {}

    record Unavailable(String reason) implements IdTokenResult {}
  }

  /** Discovery failed: the broker is degraded until it succeeds again. */
  final class DiscoveryFailed extends RuntimeException {
    public DiscoveryFailed(String reason) {
      super(reason, null, false, false);
    }
  }
}
