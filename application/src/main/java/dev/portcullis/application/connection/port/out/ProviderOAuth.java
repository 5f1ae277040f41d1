package dev.portcullis.application.connection.port.out;

import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OAuth 2.0 as Portcullis speaks it to a third-party provider, as a client: discovery, token requests,
 * revocation, device authorization and the provider's JWK Set. Everything about the wire — status codes,
 * form bodies, Basic headers, content types, the egress policy — stays in the adapter; what comes back is
 * typed. Never throws for a network failure or a bad answer: those are results.
 */
public interface ProviderOAuth {
  /** Unreachable, 429 or 5xx without a Retry-After: ask again after this. */
  Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * Discovers {@code issuer}: OIDC ({@code <issuer>/.well-known/openid-configuration}), then RFC 8414
   * ({@code /.well-known/oauth-authorization-server<path>}), then SMART ({@code <issuer>/.well-known/smart-configuration}).
   * The document's {@code issuer}, when it has one, must equal {@code issuer} exactly (RFC 8414 §3.3), and
   * every endpoint it names must pass the egress policy.
   */
  Discovery discover(URI issuer);

  /** A token request (RFC 6749 §3.2) with the grant's {@code parameters} plus the client's authentication. */
  TokenResult token(URI tokenEndpoint, ClientAuthentication client, Map<String, String> parameters);

  /** RFC 7009: true when the provider confirmed the revocation; false when it failed. */
  boolean revoke(URI revocationEndpoint, ClientAuthentication client, String token, String tokenTypeHint);

  /** RFC 8628 §3.1–3.2. {@code scope} may be empty. */
  DeviceStart deviceAuthorization(URI endpoint, ClientAuthentication client, String scope);

  /** The provider's JWK Set document (for ID token verification), when it answers with one. */
  Optional<String> jwks(URI jwksUri);

  /** OpenID Connect Core §5.3: the claims about the token's user, asked with the access token as a bearer (RFC 6750 §2.1). */
  UserinfoResult userinfo(URI userinfoEndpoint, String accessToken);

  sealed interface UserinfoResult {
    /** A JSON object of claims (the response's own top-level members). */
    record Claims(Map<String, Object> claims) implements UserinfoResult {
      @Override
      public String toString() {
        return "Claims" + claims.keySet(); // values are personal data
      }
    }

    /** 401: the provider no longer accepts this access token (RFC 6750 §3.1 {@code invalid_token}). */
    record TokenRefused() implements UserinfoResult {}

    /** Any other failure, in the token request's terms: rejected (4xx with an error), malformed, unavailable. */
    record Failed(TokenResult problem) implements UserinfoResult {}
  }

  /** How Portcullis authenticates to the provider (RFC 6749 §2.3, RFC 7523 §2.2). */
  sealed interface ClientAuthentication {
    String clientId();

    record SecretBasic(String clientId, SecretBytes secret) implements ClientAuthentication {}

    record SecretPost(String clientId, SecretBytes secret) implements ClientAuthentication {}

    /** {@code assertionFor} signs a fresh RFC 7523 assertion whose audience is the given endpoint. */
    record PrivateKeyJwt(String clientId, Function<URI, String> assertionFor) implements ClientAuthentication {}

    record None(String clientId) implements ClientAuthentication {}
  }

  /** A provider's metadata: its endpoints and, when it has one, the issuer it names itself with. */
  record Metadata(Optional<String> issuer, ProviderEndpoints endpoints) {}

  sealed interface Discovery {
    record Found(Metadata metadata) implements Discovery {}

    /** The document is wrong or missing: issuer mismatch, a refused endpoint, no token endpoint. */
    record Invalid(String reason) implements Discovery {}

    record Unavailable(String reason) implements Discovery {}
  }

  sealed interface TokenResult {
    /** A valid RFC 6749 §5.1 answer. {@code refreshToken} empty when the provider sent none. */
    record Tokens(String accessToken, String tokenType, Optional<String> refreshToken, Optional<String> idToken, Optional<Duration> expiresIn,
                  Optional<String> scope) implements TokenResult {
      @Override
      public String toString() {
        return "Tokens[" + tokenType + "]";
      }
    }

    /** An OAuth error from the provider (RFC 6749 §5.2): invalid_grant, invalid_client... printable and bounded. */
    record Rejected(String error, String description) implements TokenResult {}

    /** Not a valid token answer: nothing may be stored. */
    record Malformed(String reason) implements TokenResult {}

    /** Unreachable, timed out, 429 or 5xx. */
    record Unavailable(Duration retryAfter, String reason) implements TokenResult {}
  }

  sealed interface DeviceStart {
    record Started(String deviceCode, String userCode, URI verificationUri, Optional<URI> verificationUriComplete, Duration expiresIn, Duration interval)
        implements DeviceStart {
      @Override
      public String toString() {
        return "Started[" + userCode + "]";
      }
    }

    record Failed(TokenResult problem) implements DeviceStart {}
  }
}
