package dev.portcullis.application.session.port.in;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The BFF session broker: authorization code + PKCE for browser apps, brokered to the upstream provider. */
public interface SessionBroker {
  /** {@code GET /oauth/authorize}. */
  AuthorizeOutcome authorize(AuthorizeRequest request);

  /** {@code GET /oauth/callback}: the upstream came back with a code or an error. */
  AuthorizeOutcome callback(String upstreamState, Optional<String> code, Optional<String> error, Optional<String> errorDescription);

  /** {@code grant_type=authorization_code}. */
  TokenOutcome exchangeCode(String clientId, String code, URI redirectUri, String codeVerifier);

  /** {@code grant_type=refresh_token}. */
  TokenOutcome refresh(String clientId, String refreshToken);

  /** {@code POST /oauth/revoke} with a BFF token: false when it is not one of ours (then another handler may know it). */
  boolean revoke(String clientId, String token);

  /** RP-initiated logout: ends the session named by {@code bffAccessToken}; where to send the browser next. */
  LogoutOutcome logout(String clientId, Optional<String> bffAccessToken, URI postLogoutRedirectUri, Optional<String> state);

  /** The browser is back from the upstream's end-session endpoint: where the client wanted it to land. */
  LogoutOutcome logoutReturned(String state);

  record AuthorizeRequest(String clientId, Optional<String> redirectUri, Optional<String> responseType, Optional<String> codeChallenge,
                          Optional<String> codeChallengeMethod, Optional<String> state, Optional<String> scope, Optional<String> loginHint,
                          Optional<String> prompt) {}

  sealed interface AuthorizeOutcome {
    /** Send the browser to {@code location} (the upstream, or the client with a code or an error). */
    record Redirect(URI location) implements AuthorizeOutcome {}

    /** Nothing may be redirected to (unknown client, bad redirect_uri, unknown state): a 400 page. */
    record ErrorPage(int status, String error, String description) implements AuthorizeOutcome {}
  }

  sealed interface TokenOutcome {
    record Issued(String accessToken, Duration expiresIn, String refreshToken, Set<String> scope) implements TokenOutcome {
      @Override
      public String toString() {
        return "Issued[expiresIn=" + expiresIn + "]";
      }
    }

    /** An RFC 6749 §5.2 error; {@code retryAfter} for 503 {@code temporarily_unavailable}. */
    record Rejected(String error, String description, int status, Optional<Duration> retryAfter) implements TokenOutcome {}
  }

  sealed interface LogoutOutcome {
    record Redirect(URI location) implements LogoutOutcome {}

    /** The post_logout_redirect_uri is not registered for the client: nobody is redirected. */
    record Refused(String reason) implements LogoutOutcome {}
  }
}
