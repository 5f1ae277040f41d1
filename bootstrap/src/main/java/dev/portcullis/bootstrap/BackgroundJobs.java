package dev.portcullis.bootstrap;

import dev.portcullis.application.secret.EnforceRetention;
import dev.portcullis.application.secret.RootKeyRotationService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic work on virtual threads: device authorization polls (every 1 s), API keys' last_used_at (every 5 s), re-wrapping data keys after a root-key rotation (every 10 s, and
 * at once when a rotation wakes it; batches until nothing is left) and retention (daily). Every node
 * runs them; the store's compare-and-set makes concurrent re-wraps harmless.
 */
@Singleton
public final class BackgroundJobs {
  static final int REWRAP_BATCH = 200;
  private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);
  private final RootKeyRotationService rotation;
  private final EnforceRetention retention;
  private final dev.portcullis.application.apikey.LastUsed lastUsed;
  private final dev.portcullis.application.session.port.out.SessionStore sessions;
  private final dev.portcullis.application.connection.port.in.PollDeviceAuthorizations connections;
  private final dev.portcullis.application.connection.port.out.ConnectionStore connectionStore;
  private final dev.portcullis.application.shared.InvalidationFeed invalidations;
  private final dev.portcullis.application.grant.IssuedTokens issuedTokens;
  private final dev.portcullis.application.shared.port.out.InvalidationLog invalidationLog;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("portcullis-jobs").factory());
  /** Its own thread: a long re-wrap or device poll must never delay hearing of a revocation. */
  private final ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("portcullis-invalidations").factory());

  @Inject
  public BackgroundJobs(RootKeyRotationService rotation, EnforceRetention retention, dev.portcullis.application.apikey.LastUsed lastUsed,
                        dev.portcullis.application.session.port.out.SessionStore sessions,
                        dev.portcullis.application.connection.port.in.PollDeviceAuthorizations connections,
                        dev.portcullis.application.connection.port.out.ConnectionStore connectionStore,
                        dev.portcullis.application.shared.InvalidationFeed invalidations,
                        dev.portcullis.application.shared.port.out.InvalidationLog invalidationLog,
                        dev.portcullis.application.grant.IssuedTokens issuedTokens) {
    this.issuedTokens = issuedTokens;
    this.invalidations = invalidations;
    this.invalidationLog = invalidationLog;
    this.sessions = sessions;
    this.connections = connections;
    this.connectionStore = connectionStore;
    this.rotation = rotation;
    this.retention = retention;
    this.lastUsed = lastUsed;
  }

  public void start() {
    long pollMs = invalidations.settings().pollInterval().toMillis();
    feed.scheduleWithFixedDelay(this::readInvalidations, pollMs, pollMs, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::rewrapUntilDone, 10, 10, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::flushLastUsed, 5, 5, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::flushIssuedTokens, 60, 60, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::purgeSessions, 60, 600, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::pollDevices, 1, 1, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::enforceRetention, Duration.ofMinutes(1).toSeconds(), Duration.ofDays(1).toSeconds(), TimeUnit.SECONDS);
  }

  /** Start re-wrapping now (after a rotation) instead of at the next tick. */
  public void wakeRewrap() {
    scheduler.execute(this::rewrapUntilDone);
  }

  public void stop() {
    feed.shutdownNow();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushLastUsed(); // the last few seconds of API key use
    flushIssuedTokens(); // and of token issuance
  }

  /** One token.issue audit record per client that got tokens in the last minute. */
  void flushIssuedTokens() {
    try {
      issuedTokens.flush();
    } catch (RuntimeException e) {
      log.warn("token issuance summary not written, will retry: {}", e.getClass().getSimpleName());
    }
  }

  /** Every node reads the invalidation log on this interval, rung or not. */
  void readInvalidations() {
    try {
      invalidations.poll();
    } catch (RuntimeException e) {
      log.warn("invalidation log not readable, will retry: {}", e.getClass().getSimpleName());
    }
  }

  /** Pending device authorizations (RFC 8628) whose next poll is due; each connection keeps its own interval. */
  void pollDevices() {
    try {
      connections.poll();
    } catch (RuntimeException e) {
      log.warn("device authorization polling failed, will retry: {}", e.getMessage());
    }
  }

  /** Expired pending logins, codes, refresh tokens and sessions (and connection starts), every 10 minutes. */
  void purgeSessions() {
    try {
      long purged = sessions.purgeExpired(java.time.Instant.now()) + connectionStore.purgeExpired(java.time.Instant.now())
          + invalidationLog.purge(java.time.Instant.now().minus(Duration.ofHours(1)));
      if (purged > 0) {
        log.info("purged {} expired session row(s)", purged);
      }
    } catch (RuntimeException e) {
      log.warn("session purge failed: {}", e.getMessage());
    }
  }

  /** API keys' last_used_at, coalesced: one batched write every 5 s instead of one per request. */
  void flushLastUsed() {
    try {
      lastUsed.flush();
    } catch (RuntimeException e) {
      log.warn("last_used_at flush failed, will retry: {}", e.getMessage());
    }
  }

  void rewrapUntilDone() {
    try {
      long total = 0;
      int batch;
      do {
        batch = rotation.rewrapBatch(REWRAP_BATCH);
        total += batch;
      } while (batch > 0 && !Thread.currentThread().isInterrupted());
      if (total > 0) {
        log.info("re-wrapped {} data key(s) with the primary KEK", total);
      }
    } catch (RuntimeException e) {
      log.warn("re-wrap paused: {}", e.getMessage());
    }
  }

  void enforceRetention() {
    try {
      EnforceRetention.Result result = retention.run();
      log.info("retention: {} audit record(s) pruned, {} expired secret(s) purged", result.auditRecordsDeleted(), result.secretsPurged());
    } catch (RuntimeException e) {
      log.warn("retention run failed: {}", e.getMessage());
    }
  }
}
