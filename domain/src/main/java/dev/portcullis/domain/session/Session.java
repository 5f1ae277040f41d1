package dev.portcullis.domain.session;

import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A browser session brokered from the upstream provider. The upstream tokens are kept only sealed
 * (envelope encryption, bound to the session id); the identity is what the ID token said, filtered by
 * the claim whitelist.
 */
public record Session(String id, TenantId tenant, String clientId, String subject, IdentityClaims identity, Set<String> scope, SealedValue upstreamTokens,
                      Instant upstreamAccessExpiresAt, Instant upstreamObtainedAt, Instant createdAt, Instant expiresAt, Optional<Instant> endedAt) {
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(identity, "identity");
    scope = Set.copyOf(scope);
    Objects.requireNonNull(upstreamTokens, "upstreamTokens");
    Objects.requireNonNull(upstreamAccessExpiresAt, "upstreamAccessExpiresAt");
    Objects.requireNonNull(upstreamObtainedAt, "upstreamObtainedAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    endedAt = Objects.requireNonNullElse(endedAt, Optional.empty());
  }

  /**
   * When the upstream access token should be renewed: {@code ahead} before it expires, but never before
   * half its lifetime has passed — a provider issuing tokens shorter than {@code ahead} would otherwise be
   * asked again by every request, even one arriving just after a renewal.
   */
  public Instant upstreamRenewalDueAt(java.time.Duration ahead) {
    Instant halfLife = upstreamObtainedAt.plus(java.time.Duration.between(upstreamObtainedAt, upstreamAccessExpiresAt).dividedBy(2));
    Instant aheadOfExpiry = upstreamAccessExpiresAt.minus(ahead);
    return halfLife.isAfter(aheadOfExpiry) ? halfLife : aheadOfExpiry;
  }

  public boolean activeAt(Instant now) {
    return endedAt.isEmpty() && now.isBefore(expiresAt);
  }

  /** Ids of sessions whose sealed values are bound to their tenant too start with this. */
  public static final String TENANT_BOUND = "2.";

  /**
   * The associated data that binds the sealed upstream tokens (and rotation answers) to this session and,
   * for every session begun since tenants were part of the binding ({@link #TENANT_BOUND} ids), to its
   * tenant. Sessions from before keep their id-only binding until they expire (at most the session lifetime).
   */
  public static byte[] binding(dev.portcullis.domain.shared.TenantId tenant, String sessionId) {
    String text = sessionId.startsWith(TENANT_BOUND) ? "portcullis-session/2:" + tenant.value() + ":" + sessionId : "portcullis-session:" + sessionId;
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Session[" + id + ", " + clientId + ", " + subject + "]";
  }
}
