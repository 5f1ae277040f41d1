package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.key.port.in.SigningKeys;
import dev.portcullis.application.shared.BearerTokenVerifier;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, verifies and revokes our JWT access tokens (RFC 9068): {@code typ: at+jwt}, signed with the
 * platform key, {@code aud} = the issuer (Portcullis's own API). Verification pins the algorithm we
 * sign with and checks issuer, audience and expiry against the injected clock. A verified token's
 * claims are cached under the SHA-256 of the token until the token expires (bounded, least recently
 * used out first), so a repeated token costs a hash and a lookup; revocation is asked on every call.
 */
public final class AccessTokens implements BearerTokenVerifier {
  public static final int DEFAULT_CACHE_SIZE = 10_000;
  private static final String REVOKED = "revoked:";
  private static final String ENDED_SESSION = "ended-session:";
  private final SigningKeys signingKeys;
  private final AccessTokenCodec codec;
  private final TokenGenerator tokens;
  private final ReplayGuard revocations;
  private final InstantSource clock;
  private final String issuer;
  private final Duration lifetime;
  private final SigningAlgorithm algorithm;
  private final ExpiringCache<String, AccessTokenClaims> verified;

  public AccessTokens(SigningKeys signingKeys, AccessTokenCodec codec, TokenGenerator tokens, ReplayGuard revocations, InstantSource clock,
                      String issuer, Duration lifetime, SigningAlgorithm algorithm, int cacheSize) {
    this.signingKeys = signingKeys;
    this.codec = codec;
    this.tokens = tokens;
    this.revocations = revocations;
    this.clock = clock;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.algorithm = algorithm;
    this.verified = new ExpiringCache<>(cacheSize);
  }

  public String issue(String clientId, TenantId tenant, Set<String> scopes) {
    return issueFor(clientId, clientId, tenant, scopes, AccessTokenClaims.IdentityClaims.NONE, issuer, lifetime).token();
  }

  /** A token for {@code subject} acting through {@code clientId} (an API key, a session), for {@code audience}. */
  public Issued issueFor(String subject, String clientId, TenantId tenant, Set<String> scopes, AccessTokenClaims.IdentityClaims identity,
                         String audience, Duration tokenLifetime) {
    return issueFor(subject, clientId, tenant, scopes, identity, audience, tokenLifetime, Optional.empty());
  }

  /** As above, for a BFF session: the token carries {@code sid} and dies with the session ({@link #endSession}). */
  public Issued issueFor(String subject, String clientId, TenantId tenant, Set<String> scopes, AccessTokenClaims.IdentityClaims identity,
                         String audience, Duration tokenLifetime, Optional<String> sessionId) {
    Instant now = clock.instant();
    AccessTokenClaims claims = new AccessTokenClaims(issuer, subject, audience, clientId, tenant, scopes, now, now.plus(tokenLifetime),
        tokens.randomToken(16), identity, sessionId);
    return new Issued(signingKeys.sign("at+jwt", codec.payload(claims)), claims);
  }

  public record Issued(String token, AccessTokenClaims claims) {
    @Override
    public String toString() {
      return "Issued[" + claims.jwtId() + "]"; // never the token
    }
  }

  public Duration lifetime() {
    return lifetime;
  }

  @Override
  public Optional<Principal> verify(String token) {
    return active(token).map(claims -> new Principal.Client(claims.subject(), claims.tenant(), claims.scopes()));
  }

  /** The claims of {@code token} if it is ours, current and not revoked (nor its session ended). */
  public Optional<AccessTokenClaims> active(String token) {
    return current(token).filter(claims -> !revocations.seen(REVOKED + claims.jwtId(), clock.instant())
        && claims.sessionId().map(sid -> !revocations.seen(ENDED_SESSION + sid, clock.instant())).orElse(true));
  }

  /** Denies every access token of session {@code sessionId} on every node until {@code lastExpiry}. */
  public void endSession(String sessionId, Instant lastExpiry) {
    revocations.firstUse(ENDED_SESSION + sessionId, lastExpiry, clock.instant());
  }

  /** Denies {@code token} everywhere until it expires; false when it is not one of ours or no longer current. */
  public boolean revoke(AccessTokenClaims claims) {
    Instant now = clock.instant();
    if (!claims.expiresAt().isAfter(now)) {
      return false;
    }
    revocations.firstUse(REVOKED + claims.jwtId(), claims.expiresAt(), now);
    return true;
  }

  /** The claims of {@code token} if it is ours and current, revoked or not. */
  public Optional<AccessTokenClaims> current(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty(); // not a JWS compact serialization: not ours to judge
    }
    Instant now = clock.instant();
    String key = sha256(token);
    Optional<AccessTokenClaims> cached = verified.get(key, now);
    if (cached.isPresent()) {
      return cached.filter(claims -> claims.acceptableAt(now, issuer, issuer));
    }
    Optional<AccessTokenClaims> claims = codec.verify(token, signingKeys.jwks(), algorithm).filter(c -> c.acceptableAt(now, issuer, issuer));
    claims.ifPresent(c -> verified.put(key, c, c.expiresAt()));
    return claims;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
