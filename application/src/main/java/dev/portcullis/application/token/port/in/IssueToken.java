package dev.portcullis.application.token.port.in;

import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth/token} (RFC 6749 §3.2) as one use case: the adapter parses the form into one of the
 * sealed requests, this decides which grant runs (and authenticates the client first where the grant
 * needs it), and the adapter maps the sealed answer in one switch.
 */
public interface IssueToken {
  TokenAnswer issue(TokenRequest request);

  /** The grant types this deployment offers (the browser-session grants only with a session broker): what discovery advertises. */
  Set<String> grantTypes();

  sealed interface TokenRequest {
    /** RFC 6749 §4.4. */
    record ClientCredentials(ClientCredential client, Optional<Set<String>> scope) implements TokenRequest {}

    /** RFC 6749 §4.1.3 with RFC 7636 §4.5 (a browser session's code). */
    record AuthorizationCode(ClientCredential client, String code, URI redirectUri, String codeVerifier) implements TokenRequest {
      @Override
      public String toString() {
        return "AuthorizationCode[" + client + ", " + redirectUri + "]"; // the code and verifier are credentials
      }
    }

    /** RFC 6749 §6 (a browser session's refresh token). */
    record RefreshToken(ClientCredential client, String refreshToken) implements TokenRequest {
      @Override
      public String toString() {
        return "RefreshToken[" + client + "]";
      }
    }

    /** RFC 8693 with an API key as the subject token. */
    record ApiKeyExchange(String apiKey) implements TokenRequest {
      @Override
      public String toString() {
        return "ApiKeyExchange[redacted]";
      }
    }

    /**
     * A grant the client asks for in its own name whose parameters are missing or malformed: the client
     * still authenticates first (RFC 6749 §5.2 puts invalid_client before invalid_request), then gets {@code problem}.
     */
    record Incomplete(ClientCredential client, String grantType, String problem) implements TokenRequest {}

    /** A grant type this server does not offer. */
    record Other(String grantType) implements TokenRequest {}
  }

  sealed interface TokenAnswer {
    /** {@code issuedTokenType} for RFC 8693 answers; {@code refreshToken} for session grants; {@code idToken} when a login asked for openid. */
    record Issued(String accessToken, Duration expiresIn, Optional<String> refreshToken, Set<String> scope, Optional<String> issuedTokenType,
                  Optional<String> idToken) implements TokenAnswer {
      public Issued(String accessToken, Duration expiresIn, Optional<String> refreshToken, Set<String> scope, Optional<String> issuedTokenType) {
        this(accessToken, expiresIn, refreshToken, scope, issuedTokenType, Optional.empty());
      }

      @Override
      public String toString() {
        return "Issued[expiresIn=" + expiresIn + "]";
      }
    }

    /**
     * @param credentialRefused a credential was presented and refused (a wrong secret, an unknown code or
     *     refresh token, a made-up API key): it counts as a failed authentication, whatever the status
     * @param retryAfter for {@code temporarily_unavailable}
     */
    record Rejected(OAuthError error, boolean credentialRefused, Optional<Duration> retryAfter) implements TokenAnswer {}
  }
}
