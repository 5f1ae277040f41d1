package dev.portcullis.application.session.port.in;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The token endpoint's answer for a browser session: our access JWT and a rotating refresh token, or an RFC 6749 §5.2 error. */
public sealed interface TokenOutcome {
  record Issued(String accessToken, Duration expiresIn, String refreshToken, Set<String> scope) implements TokenOutcome {
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
