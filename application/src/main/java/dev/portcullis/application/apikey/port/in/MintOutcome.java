package dev.portcullis.application.apikey.port.in;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A credential verified and a fresh short-lived JWT minted for it, or why not (forward auth and the RFC 8693 key exchange). */
public sealed interface MintOutcome {
  /** The JWT (never cached, one per call) and the identity headers. */
  record Allowed(String jwt, Duration expiresIn, String subject, String tenant, Set<String> scopes) implements MintOutcome {
    @Override
    public String toString() {
      return "Allowed[" + subject + ", " + tenant + "]";
    }
  }

  /** Why not; {@code retryAfter} only for {@link Refusal#UNAVAILABLE}. */
  record Denied(Refusal refusal, String message, Optional<Duration> retryAfter) implements MintOutcome {}

  enum Refusal {
    /** Malformed, unknown, wrong secret, revoked, expired, or no credential. */
    INVALID_API_KEY,
    /** A bearer token that is not an active Portcullis platform token. */
    INVALID_TOKEN,
    /** A valid key whose identity may not pass here (origin, or the remote resolver said so). */
    IDENTITY_NOT_ALLOWED,
    /** The remote resolver found the request malformed. */
    BAD_REQUEST,
    /** Keys cannot be verified now. */
    UNAVAILABLE
  }
}
