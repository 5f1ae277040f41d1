package dev.portcullis.application.session.port.in;

import java.util.Map;

/** OpenID Connect Core §5.3: the claims about the user of a session access token that was issued with {@code openid}. */
public interface ReadUserinfo {
  UserinfoOutcome userinfo(String accessToken);

  sealed interface UserinfoOutcome {
    /** {@code sub} and the identity claims the session's tokens carry; {@code clientId} for the adapter's CORS decision. */
    record Claims(Map<String, Object> claims, String clientId) implements UserinfoOutcome {
      @Override
      public String toString() {
        return "Claims" + claims.keySet();
      }
    }

    /** Not one of our session access tokens, expired, or revoked (RFC 6750 §3.1 {@code invalid_token}). */
    record InvalidToken() implements UserinfoOutcome {}

    /** A session token whose login did not ask for {@code openid} (RFC 6750 §3.1 {@code insufficient_scope}). */
    record InsufficientScope() implements UserinfoOutcome {}
  }
}
