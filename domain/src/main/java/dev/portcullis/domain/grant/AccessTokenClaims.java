package dev.portcullis.domain.grant;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of a Portcullis access token (RFC 9068 JWT profile, plus the {@code tenant} extension and,
 * for tokens minted for an API key or a session, the identity claims of RFC 9068 §2.2.3.1; a BFF
 * session's tokens carry its {@code sid}). {@code use} says what the token is for ({@code token_use});
 * a derived token names its parent ({@code parentJwtId}) and never outlives it.
 */
public record AccessTokenClaims(String issuer, String subject, String audience, String clientId, TenantId tenant, Set<String> scopes,
                                Instant issuedAt, Instant expiresAt, String jwtId, IdentityClaims identity, java.util.Optional<String> sessionId,
                                TokenUse use, java.util.Optional<String> parentJwtId) {
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
    this(issuer, subject, audience, clientId, tenant, scopes, issuedAt, expiresAt, jwtId, IdentityClaims.NONE, java.util.Optional.empty(),
        TokenUse.ACCESS, java.util.Optional.empty());
  }

  /** The client id prefix of tokens minted for an API key. */
  public static final String API_KEY_CLIENT = "api-key:";

  /**
   * The token forward auth mints from this one for the protected upstream: same subject, tenant, scopes,
   * identity and session, {@code aud} = {@code downstreamAudience}, naming this token as its parent,
   * and expiring at {@code now + lifetime} or with this token, whichever comes first.
   */
  public AccessTokenClaims forwarded(String downstreamAudience, Instant now, java.time.Duration lifetime, String newJwtId) {
    if (!use.isPlatform()) {
      throw new IllegalStateException("nothing is derived from a " + use.wireName() + " token");
    }
    Instant wanted = now.plus(lifetime);
    return new AccessTokenClaims(issuer, subject, downstreamAudience, clientId, tenant, scopes, now, wanted.isBefore(expiresAt) ? wanted : expiresAt,
        newJwtId, identity, sessionId, TokenUse.FORWARDED, java.util.Optional.of(jwtId));
  }

  /** The API key a token was minted for, if any. */
  public java.util.Optional<String> apiKeyId() {
    return clientId.startsWith(API_KEY_CLIENT) ? java.util.Optional.of(clientId.substring(API_KEY_CLIENT.length())) : java.util.Optional.empty();
  }

  public AccessTokenClaims {
    identity = Objects.requireNonNullElse(identity, IdentityClaims.NONE);
    sessionId = Objects.requireNonNullElse(sessionId, java.util.Optional.empty());
    Objects.requireNonNull(use, "use");
    parentJwtId = Objects.requireNonNullElse(parentJwtId, java.util.Optional.empty());
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

  /**
   * Valid at {@code now} from this issuer, with the audience its use demands: the issuer for platform
   * tokens, {@code downstreamAudience} for forwarded ones (a small skew for clocks of other nodes).
   */
  public boolean acceptableAt(Instant now, String expectedIssuer, String downstreamAudience) {
    String expectedAudience = use.isPlatform() ? expectedIssuer : downstreamAudience;
    return issuer.equals(expectedIssuer) && audience.equals(expectedAudience) && now.isBefore(expiresAt) && !issuedAt.isAfter(now.plusSeconds(60));
  }
}
