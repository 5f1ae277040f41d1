package dev.portcullis.application.session.port.in;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The token endpoint's answer for a browser session: our access JWT and a rotating refresh token, or an RFC 6749 §5.2 error. */
public sealed interface TokenOutcome {
  /** {@code idToken}: OpenID Connect Core §3.1.3.3, when the login asked for {@code openid} (at code redemption only, not on refresh). */
  record Issued(String accessToken, Duration expiresIn, String refreshToken, Set<String> scope, Optional<String> idToken) implements TokenOutcome {
    public Issued(String accessToken, Duration expiresIn, String refreshToken, Set<String> scope) {
      this(accessToken, expiresIn, refreshToken, scope, Optional.empty());
    }

    @Override
    public String toString() {
      return "Issued[expiresIn=" + expiresIn + "]";
    }
  }

  /** An RFC 6749 §5.2 error; {@code retryAfter} for {@code temporarily_unavailable}. */
  record Rejected(String error, String description, Optional<Duration> retryAfter) implements TokenOutcome {}

  static Rejected invalidGrant(String description) {
    return new Rejected("invalid_grant", description, Optional.empty());
  }

  static Rejected unavailable(Duration retryAfter, String description) {
    return new Rejected("temporarily_unavailable", description, Optional.of(retryAfter));
  }
}
