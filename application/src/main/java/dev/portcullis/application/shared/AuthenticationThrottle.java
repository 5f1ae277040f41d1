package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.FailureCounter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Throttles failed authentication — wrong client secrets, admin tokens, API keys, bearer tokens — per
 * source address first and per credential second, in one place for every endpoint that authenticates.
 *
 * <p>The rule: a source that failed {@code perSource} times in the window waits for the window's end; a
 * credential (a client id, an API key id) that failed {@code perCredential} times is throttled <em>only
 * for sources that have themselves failed</em> in the window. So an attacker spreading guesses over many
 * addresses is stopped at the credential, while the legitimate client — from an address that has not
 * failed — is never locked out by someone else's guessing.
 *
 * <p>Clean traffic costs nothing shared: the shared counter (Redis) is consulted only for a source or
 * credential this node has itself seen fail in the window. If the shared counter is unreachable, this
 * node's own counts decide (a throttle is never a reason for an outage).
 */
public final class AuthenticationThrottle {
  private final FailureCounter shared;
  private final FailureCounter local;
  private final InstantSource clock;
  private final Limits limits;
  /** After the shared counter failed, it is left alone this long: a throttle must never make requests wait on an outage. */
  static final Duration SHARED_BACKOFF = Duration.ofSeconds(5);
  private volatile Instant sharedFailedAt = Instant.MIN;

  /** @param window the length of a counting window; both limits count failures within one */
  public record Limits(int perSource, int perCredential, Duration window) {
    public static final Limits DEFAULT = new Limits(30, 100, Duration.ofMinutes(1));
  }

  /** Who is trying: the peer address and, when the request names one, the credential id (never a secret). */
  public record Attempt(String source, Optional<String> credential) {
    private List<String> keys() {
      List<String> keys = new ArrayList<>(2);
      keys.add("src:" + source);
      credential.ifPresent(id -> keys.add("cred:" + id));
      return keys;
    }
  }

  public AuthenticationThrottle(FailureCounter shared, FailureCounter local, InstantSource clock, Limits limits) {
    this.shared = shared;
    this.local = local;
    this.clock = clock;
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /** How long {@code attempt} must wait before it may try again, or empty when it may try now. */
  public Optional<Duration> wait(Attempt attempt) {
    Instant now = clock.instant();
    List<String> keys = attempt.keys();
    if (local.counts(keys, limits.window(), now).stream().allMatch(count -> count == 0)
        && local.counts(keys, limits.window(), now.minus(limits.window())).stream().allMatch(count -> count == 0)) {
      return Optional.empty(); // nothing failed here lately: no shared lookup at all
    }
    List<Long> counts = sliding(local, keys, now);
    if (sharedUsable(now)) {
      try {
        List<Long> everywhere = sliding(shared, keys, now);
        for (int i = 0; i < counts.size(); i++) { // this node's own count may be ahead: its last failures are still on their way to the shared one
          counts.set(i, Math.max(counts.get(i), everywhere.get(i)));
        }
      } catch (DependencyUnavailable e) {
        sharedFailedAt = now; // the shared counter is down: this node's own counts decide
      }
    }
    long sourceFailures = counts.get(0);
    long credentialFailures = counts.size() > 1 ? counts.get(1) : 0;
    boolean throttled = sourceFailures >= limits.perSource() || (credentialFailures >= limits.perCredential() && sourceFailures > 0);
    return throttled ? Optional.of(Duration.between(now, FailureCounter.windowEnd(now, limits.window()))) : Optional.empty();
  }

  /**
   * A sliding window from two fixed ones: this window's failures plus the previous window's, weighted by
   * how much of the sliding window still overlaps it (rounded up). A burst just before a window boundary
   * therefore still counts just after it: the limit holds over any {@code window}, not only aligned ones.
   */
  private List<Long> sliding(FailureCounter counter, List<String> keys, Instant now) {
    Duration window = limits.window();
    List<Long> current = counter.counts(keys, window, now);
    List<Long> previous = counter.counts(keys, window, now.minus(window));
    double overlap = 1.0 - (double) (now.toEpochMilli() % window.toMillis()) / window.toMillis();
    List<Long> estimate = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      estimate.add(current.get(i) + (long) Math.ceil(previous.get(i) * overlap));
    }
    return estimate;
  }

  /** {@code attempt} failed to authenticate: counted on this node at once (memory, never blocks). */
  public void failedHere(Attempt attempt) {
    local.record(attempt.keys(), limits.window(), clock.instant());
  }

  /** ... and in the shared count (may await Redis: call it off the response path). */
  public void failedEverywhere(Attempt attempt) {
    Instant now = clock.instant();
    if (sharedUsable(now)) {
      try {
        shared.record(attempt.keys(), limits.window(), now);
      } catch (DependencyUnavailable e) {
        sharedFailedAt = now; // counted here; the other nodes count their own
      }
    }
  }

  private boolean sharedUsable(Instant now) {
    return shared != local && sharedFailedAt.plus(SHARED_BACKOFF).isBefore(now);
  }
}
