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
 * <p>Clean traffic costs nothing shared, and traffic from a source that failed lately costs one shared
 * lookup per {@link LearnedCounts#FRESH} at most: every answer of the shared counter (Redis) — to a lookup,
 * and to each failure this node records there — carries every node's counts, and the node judges the
 * attempts that follow with them ({@link LearnedCounts}) while they are that young and hold every failure
 * of its own. What a node can miss is other nodes' failures in that span. If the shared counter is
 * unreachable, this node's own counts decide (a throttle is never a reason for an outage).
 */
public final class AuthenticationThrottle {
  private final FailureCounter shared;
  private final FailureCounter local;
  private final InstantSource clock;
  private final Limits limits;
  /** After the shared counter failed, it is left alone this long: a throttle must never make requests wait on an outage. */
  static final Duration SHARED_BACKOFF = Duration.ofSeconds(5);
  private volatile Instant sharedFailedAt = Instant.MIN;
  private final LearnedCounts learned = new LearnedCounts();

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
    Duration window = limits.window();
    FailureCounter.Counts here = local.counts(keys, window, now);
    List<Long> current = new ArrayList<>(here.current());
    List<Long> previous = new ArrayList<>(here.previous());
    if (current.stream().allMatch(count -> count == 0) && previous.stream().allMatch(count -> count == 0)) {
      return Optional.empty(); // nothing failed here lately: no shared lookup at all
    }
    Instant windowStart = FailureCounter.windowEnd(now, window).minus(window);
    long index = FailureCounter.windowOf(now, window);
    Optional<FailureCounter.Counts> known = shared == local ? Optional.empty() : learned.since(keys, index, here, now);
    if (known.isPresent()) {
      atLeast(current, previous, known.get()); // every node's counts, learned a moment ago: no round trip
    } else if (sharedUsable(now) && !throttled(new Sliding(current, previous, windowStart, window), now)) { // already throttled here: a flood of refused requests costs the shared counter nothing
      try {
        FailureCounter.Counts everywhere = shared.counts(keys, window, now); // one round trip for both windows
        learned.learn(keys, index, everywhere, here, now);
        atLeast(current, previous, everywhere);
      } catch (DependencyUnavailable e) {
        sharedFailedAt = now; // the shared counter is down: this node's own counts decide
      }
    }
    Sliding counts = new Sliding(current, previous, windowStart, window);
    if (!throttled(counts, now)) {
      return Optional.empty();
    }
    Duration step = window.dividedBy(600).compareTo(Duration.ofSeconds(1)) > 0 ? window.dividedBy(600) : Duration.ofSeconds(1);
    Instant free = now;
    while (throttled(counts, free)) { // assuming no further failures: when the sliding estimate falls below the limits
      free = free.plus(step);
    }
    return Optional.of(Duration.between(now, free));
  }

  /** Raises each count to the shared one: this node's own may be ahead, its last failures still on their way there. */
  private static void atLeast(List<Long> current, List<Long> previous, FailureCounter.Counts everywhere) {
    for (int i = 0; i < current.size(); i++) {
      current.set(i, Math.max(current.get(i), everywhere.current().get(i)));
      previous.set(i, Math.max(previous.get(i), everywhere.previous().get(i)));
    }
  }

  /**
   * A sliding window from two fixed ones: a window's failures plus the window before's, weighted by how
   * much of the sliding window still overlaps it (rounded up). A burst just before a window boundary
   * therefore still counts just after it: the limit holds over any {@code window}, not only aligned ones.
   *
   * @param start where the current fixed window began
   */
  private record Sliding(List<Long> current, List<Long> previous, Instant start, Duration window) {
    /** The estimate for key {@code i} at {@code at} (now or later, with no further failures). */
    long at(int i, Instant at) {
      long elapsed = Duration.between(start, at).toMillis();
      long span = window.toMillis();
      if (elapsed < span) {
        return current.get(i) + (long) Math.ceil(previous.get(i) * (1.0 - (double) elapsed / span));
      }
      return elapsed < 2 * span ? (long) Math.ceil(current.get(i) * (1.0 - (double) (elapsed - span) / span)) : 0;
    }
  }

  private boolean throttled(Sliding counts, Instant at) {
    long sourceFailures = counts.at(0, at);
    long credentialFailures = counts.current().size() > 1 ? counts.at(1, at) : 0;
    return sourceFailures >= limits.perSource() || (credentialFailures >= limits.perCredential() && sourceFailures > 0);
  }

  /** {@code attempt} failed to authenticate: counted on this node at once (memory, never blocks). */
  public void failedHere(Attempt attempt) {
    local.record(attempt.keys(), limits.window(), clock.instant());
  }

  /** ... and in the shared count, learning every node's counts from its answer (may await Redis: call it off the response path). */
  public void failedEverywhere(Attempt attempt) {
    Instant now = clock.instant();
    if (sharedUsable(now)) {
      List<String> keys = attempt.keys();
      Duration window = limits.window();
      FailureCounter.Counts here = local.counts(keys, window, now); // read first: the answer then holds every failure counted here so far
      try {
        learned.learn(keys, FailureCounter.windowOf(now, window), shared.record(keys, window, now), here, now);
      } catch (DependencyUnavailable e) {
        sharedFailedAt = now; // counted here; the other nodes count their own
      }
    }
  }

  private boolean sharedUsable(Instant now) {
    return shared != local && sharedFailedAt.plus(SHARED_BACKOFF).isBefore(now);
  }
}
