package dev.portcullis.application.grant.port.out;

import java.time.Instant;

/**
 * Single use of a client assertion's {@code jti} until it expires: an atomic set-if-absent with an
 * expiry, across nodes when backed by Redis or Postgres. Revocations are not kept here: they are the
 * {@code InvalidationLog}'s (see {@code Revocations}).
 */
public interface ReplayGuard {
  /**
   * Records {@code key} as used until {@code expiresAt}. True for the first use; false if the key was
   * already used and has not expired (as judged by {@code now}). Exactly one of any number of
   * concurrent calls for one key wins.
   */
  boolean firstUse(String key, Instant expiresAt, Instant now);

  /** Forgets keys that expired by {@code now} (stores without their own expiry); returns how many. */
  long purgeExpired(Instant now);
}
