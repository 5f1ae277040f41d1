package dev.portcullis.domain.grant;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** The claims of a Portcullis access token (RFC 9068 JWT profile, plus the {@code tenant} extension). */
public record AccessTokenClaims(String issuer, String subject, String audience, String clientId, TenantId tenant, Set<String> scopes,
                                Instant issuedAt, Instant expiresAt, String jwtId) {
  public AccessTokenClaims {
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
