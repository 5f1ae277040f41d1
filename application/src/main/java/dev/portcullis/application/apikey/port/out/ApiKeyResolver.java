package dev.portcullis.application.apikey.port.out;

import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a presented API key into what it may do: from our own store, or from a remote resolver when
 * a deployment keeps its keys elsewhere. Caching is the caller's ({@code ApiKeyVerifier}).
 */
public interface ApiKeyResolver {
  Resolution resolve(PresentedKey key);

  /** What a valid key grants. */
  record ResolvedKey(String keyId, TenantId tenant, Set<String> scopes, ApiKeyIdentity identity, List<String> allowedOrigins, Optional<Instant> expiresAt) {
    public ResolvedKey {
      scopes = Set.copyOf(scopes);
      allowedOrigins = List.copyOf(allowedOrigins);
    }
  }

  sealed interface Resolution {
    record Resolved(ResolvedKey key) implements Resolution {}

    /** Unknown, wrong secret, revoked or expired: {@code invalid_api_key} (401), cached negatively. */
    record Invalid() implements Resolution {}

    /** A valid key whose identity may not pass: {@code identity_not_allowed} (403), cached negatively. */
    record NotAllowed(String reason) implements Resolution {}

    /** The resolver found the request itself malformed: {@code invalid_request} (400), not cached. */
    record BadRequest(String reason) implements Resolution {}

    /** The resolver cannot answer now: 503 with {@code Retry-After}, never cached. */
    record Unavailable(Duration retryAfter) implements Resolution {}
  }
}
