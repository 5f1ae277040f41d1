package dev.portcullis.domain.grant;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of a Portcullis access token (RFC 9068 JWT profile, plus the {@code tenant} extension and,
 * for tokens minted for an API key or a session, the identity claims of RFC 9068 §2.2.3.1; a BFF
 * session's tokens carry its {@code sid}).
 */
public record AccessTokenClaims(String issuer, String subject, String audience, String clientId, TenantId tenant, Set<String> scopes,
                                Instant issuedAt, Instant expiresAt, String jwtId, IdentityClaims identity, java.util.Optional<String> sessionId) {
  /** Identity claims: {@code email}, {@code name}, {@code groups}; all optional. */
  public record IdentityClaims(java.util.Optional<String> email, java.util.Optional<String> name, java.util.List<String> groups) {
    public static final IdentityClaims NONE = new IdentityClaims(java.util.Optional.empty(), java.util.Optional.empty(), java.util.List.of());

    public IdentityClaims {
      email = Objects.requireNonNullElse(email, java.util.Optional.empty());
      name = Objects.requireNonNullElse(name, java.util.Optional.empty());
      groups = java.util.List.copyOf(groups == null ? java.util.List.of() : groups);
    }
  }

  /** A token for a client acting for itself: no identity claims. */
  public AccessTokenClaims(String issuer, String subject, String audience, String clientId, TenantId tenant, Set<String> scopes,
                           Instant issuedAt, Instant expiresAt, String jwtId) {
    this(issuer, subject, audience, clientId, tenant, scopes, issuedAt, expiresAt, jwtId, IdentityClaims.NONE, java.util.Optional.empty());
  }

  public AccessTokenClaims {
    identity = Objects.requireNonNullElse(identity, IdentityClaims.NONE);
    sessionId = Objects.requireNonNullElse(sessionId, java.util.Optional.empty());
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(tenant, "tenant");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(jwtId, "jwtId");
  }

  /** Valid at {@code now} for this issuer and audience (a small skew for clocks of other nodes). */
  public boolean acceptableAt(Instant now, String expectedIssuer, String expectedAudience) {
    return issuer.equals(expectedIssuer) && audience.equals(expectedAudience) && now.isBefore(expiresAt) && !issuedAt.isAfter(now.plusSeconds(60));
  }
}
