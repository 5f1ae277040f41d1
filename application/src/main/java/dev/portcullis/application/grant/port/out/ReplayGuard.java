package dev.portcullis.application.grant.port.out;

import java.time.Instant;

/**
 * Single use of a value (a client assertion's {@code jti}, an authorization code) until it expires:
 * an atomic set-if-absent with an expiry. Across nodes when backed by Redis or Postgres. The same
 * marks serve as the revocation list of access tokens: a revoked {@code jti} is marked until the
 * token's own expiry, and every node asks {@link #seen}.
 */
public interface ReplayGuard {
  /**
   * Records {@code key} as used until {@code expiresAt}. True for the first use; false if the key was
   * already used and has not expired (as judged by {@code now}). Exactly one of any number of
   * concurrent calls for one key wins.
   */
  boolean firstUse(String key, Instant expiresAt, Instant now);

  /** Whether {@code key} is recorded and not expired at {@code now}. */
  boolean seen(String key, Instant now);

  /** Forgets keys that expired by {@code now} (stores without their own expiry); returns how many. */
  long purgeExpired(Instant now);
}
