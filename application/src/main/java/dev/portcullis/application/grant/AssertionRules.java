package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.ClientAssertions.Claims;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The RFC 7523 §3 checks on a verified client assertion, as SMART Backend Services profiles them:
 * {@code iss} = {@code sub} = client_id, {@code aud} = the token endpoint (or the issuer), {@code exp}
 * present and at most five minutes ahead, {@code jti} present; a small clock skew is allowed.
 */
public final class AssertionRules {
  public static final Set<String> ALGORITHMS = Set.of("RS384", "ES384", "RS256", "ES256", "PS256", "PS384", "EdDSA");
  static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
  static final Duration SKEW = Duration.ofSeconds(30);

  private AssertionRules() {}

  /** Empty when the claims are acceptable; else why not (for the audit trail and error description). */
  public static Optional<String> violation(Claims claims, String clientId, String tokenEndpoint, String issuer, Instant now) {
    if (!clientId.equals(claims.issuer()) || !clientId.equals(claims.subject())) {
      return Optional.of("iss and sub must both be the client_id (RFC 7523 section 3)");
    }
    if (claims.audience().stream().noneMatch(aud -> aud.equals(tokenEndpoint) || aud.equals(issuer))) {
      return Optional.of("aud must be the token endpoint URL (RFC 7523 section 3)");
    }
    if (claims.expiresAt().isEmpty()) {
      return Optional.of("exp is required (RFC 7523 section 3)");
    }
    Instant exp = claims.expiresAt().get();
    if (!exp.isAfter(now.minus(SKEW))) {
      return Optional.of("the assertion has expired");
    }
    if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
      return Optional.of("exp may be at most five minutes in the future");
    }
    if (claims.notBefore().map(nbf -> nbf.isAfter(now.plus(SKEW))).orElse(false) || claims.issuedAt().map(iat -> iat.isAfter(now.plus(SKEW))).orElse(false)) {
      return Optional.of("the assertion is not valid yet");
    }
    if (claims.jwtId().filter(j -> !j.isBlank()).isEmpty()) {
      return Optional.of("jti is required");
    }
    return Optional.empty();
  }

  static Instant replayUntil(Claims claims) {
    return claims.expiresAt().orElseThrow().plus(SKEW);
  }
}
