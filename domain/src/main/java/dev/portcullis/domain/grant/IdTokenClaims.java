package dev.portcullis.domain.grant;

import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenID Connect ID token (Core §2) for a browser login through the session broker: {@code aud} is the
 * client, {@code auth_time} when the user logged in, {@code nonce} the client's own from its authorization
 * request, {@code sid} the session, and the same identity claims the session's access token carries.
 */
public record IdTokenClaims(String issuer, String subject, String audience, Instant issuedAt, Instant expiresAt, Instant authTime, Optional<String> nonce,
                            String sessionId, IdentityClaims identity) {
  public IdTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(authTime, "authTime");
    nonce = Objects.requireNonNullElse(nonce, Optional.empty());
    Objects.requireNonNull(sessionId, "sessionId");
    identity = Objects.requireNonNullElse(identity, IdentityClaims.NONE);
  }

  /** The scope value that asks for an ID token (Core §3.1.2.1). */
  public static final String OPENID = "openid";
}
