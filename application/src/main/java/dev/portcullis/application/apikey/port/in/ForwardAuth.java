package dev.portcullis.application.apikey.port.in;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/auth/verify} for reverse proxies, and the RFC 8693 exchange of an API key on the
 * token endpoint: verify a credential, mint a fresh short-lived JWT for the upstream request.
 */
public interface ForwardAuth {
  /** An API key from the key header; {@code origin} is the request's Origin / X-Forwarded-Origin. */
  Outcome apiKey(String rawKey, Optional<String> origin);

  /** A Portcullis access token (grants) from {@code Authorization: Bearer}. */
  Outcome bearer(String token, Optional<String> origin);

  sealed interface Outcome {
    /** The JWT for the upstream request (never cached, one per call) and the identity headers. */
    record Allowed(String jwt, Duration expiresIn, String subject, String tenant, Set<String> scopes) implements Outcome {
      @Override
      public String toString() {
        return "Allowed[" + subject + ", " + tenant + "]";
      }
    }

    /**
     * {@code invalid_api_key} 401, {@code identity_not_allowed} 403, {@code invalid_request} 400,
     * {@code key_resolution_unavailable} 503 with {@code retryAfter}.
     */
    record Denied(String type, int status, String message, Optional<Duration> retryAfter) implements Outcome {}
  }
}
