package dev.portcullis.application.apikey.port.in;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/auth/verify} for reverse proxies, and the RFC 8693 exchange of an API key on the
 * token endpoint: verify a credential, mint a fresh short-lived JWT.
 */
public interface ForwardAuth {
  /** Forward auth with an API key from the key header; {@code origin} is the request's Origin / X-Forwarded-Origin. */
  Outcome apiKey(String rawKey, Optional<String> origin);

  /** Forward auth with a Portcullis platform access token from {@code Authorization: Bearer}. */
  Outcome bearer(String token, Optional<String> origin);

  /** RFC 8693: an API key exchanged for a token for Portcullis's own API. */
  Outcome exchangeApiKey(String rawKey);

  sealed interface Outcome {
    /** The JWT (never cached, one per call) and the identity headers. */
    record Allowed(String jwt, Duration expiresIn, String subject, String tenant, Set<String> scopes) implements Outcome {
      @Override
      public String toString() {
        return "Allowed[" + subject + ", " + tenant + "]";
      }
    }

    /** Why not; {@code retryAfter} only for {@link Refusal#UNAVAILABLE}. */
    record Denied(Refusal refusal, String message, Optional<Duration> retryAfter) implements Outcome {}

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
}
