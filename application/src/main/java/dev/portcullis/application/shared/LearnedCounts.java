package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.FailureCounter.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the shared failure counter last answered this node, per key: every node's counts in a fixed window
 * and the one before, how many of this node's own failures they already held, and when the question was
 * sent. The throttle judges an attempt with these instead of asking again while they are younger than
 * {@link #FRESH} and hold every failure this node has counted itself; otherwise it asks, and learns the answer.
 */
final class LearnedCounts {
  /** How old every node's counts may be when an attempt is judged with them: other nodes' failures in this span can be missed. */
  static final Duration FRESH = Duration.ofMillis(100);
  /** A flood of distinct sources makes this forget rather than grow; forgetting only costs shared lookups. */
  private static final int MAX_KEYS = 100_000;
  private final ConcurrentHashMap<String, Snapshot> learned = new ConcurrentHashMap<>();
  private volatile long newestWindow = Long.MIN_VALUE;

  /**
   * One key's counts in {@code window} and the one before: every node's, and this node's own among them.
   *
   * @param asked when the question was sent (the answer holds every failure recorded anywhere before it)
   */
  private record Snapshot(long window, long everywhere, long everywhereBefore, long here, long hereBefore, long asked) {
    /** Of two answers for one key, the later window; within a window counts only grow, so the larger of each. */
    Snapshot newest(Snapshot other) {
      if (window != other.window) {
        return window > other.window ? this : other;
      }
      return new Snapshot(window, Math.max(everywhere, other.everywhere), Math.max(everywhereBefore, other.everywhereBefore),
          Math.max(here, other.here), Math.max(hereBefore, other.hereBefore), Math.max(asked, other.asked));
    }

    /** As seen from {@code at}: a window this snapshot knew as current may be the previous one by now. */
    Snapshot in(long at) {
      if (at == window) {
        return this;
      }
      return at == window + 1 ? new Snapshot(at, 0, everywhere, 0, here, asked) : new Snapshot(at, 0, 0, 0, 0, asked);
    }
  }

  /**
   * Remembers an answer of the shared counter (to a record or a lookup) for window {@code window}.
   *
   * @param here this node's own counts, read before the question was sent (so the answer holds them all)
   * @param asked when the question was sent
   */
  void learn(List<String> keys, long window, Counts everywhere, Counts here, Instant asked) {
    forgetBefore(window);
    if (learned.size() > MAX_KEYS) {
      learned.clear();
    }
    for (int i = 0; i < keys.size(); i++) {
      learned.merge(keys.get(i), new Snapshot(window, everywhere.current().get(i), everywhere.previous().get(i), here.current().get(i),
          here.previous().get(i), asked.toEpochMilli()), Snapshot::newest);
    }
  }

  /**
   * Every node's counts for {@code keys} in {@code window} and the one before, as learned; empty — ask —
   * when a key was never learned, was learned longer than {@link #FRESH} ago, or this node has failed since
   * ({@code here} holds failures the learned counts may not).
   */
  Optional<Counts> since(List<String> keys, long window, Counts here, Instant now) {
    forgetBefore(window);
    List<Long> current = new ArrayList<>(keys.size());
    List<Long> previous = new ArrayList<>(keys.size());
    long oldest = now.toEpochMilli() - FRESH.toMillis();
    for (int i = 0; i < keys.size(); i++) {
      Snapshot learnedKey = learned.get(keys.get(i));
      if (learnedKey == null || learnedKey.asked() < oldest || learnedKey.window() > window) {
        return Optional.empty();
      }
      Snapshot seen = learnedKey.in(window);
      if (here.current().get(i) > seen.here() || here.previous().get(i) > seen.hereBefore()) {
        return Optional.empty();
      }
      current.add(seen.everywhere());
      previous.add(seen.everywhereBefore());
    }
    return Optional.of(new Counts(current, previous));
  }

  private void forgetBefore(long window) {
    if (window > newestWindow) {
      newestWindow = window;
      learned.values().removeIf(snapshot -> snapshot.window() < window - 1);
    }
  }
}
