package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.FailureCounter.Counts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the shared failure counter answered when this node recorded a failure of its own: per key and fixed
 * window, every node's count and how many of this node's own failures that count already held. The
 * throttle judges an attempt with these instead of asking again — until this node fails once more, because
 * its newer failures may not have reached the shared counter yet.
 */
final class LearnedCounts {
  /** A flood of distinct sources makes this forget rather than grow; forgetting only costs shared lookups. */
  private static final int MAX_ENTRIES = 100_000;
  private final ConcurrentHashMap<String, Learned> learned = new ConcurrentHashMap<>();
  private volatile long newestWindow = Long.MIN_VALUE;

  /** @param everywhere {@code here}'s failures counted by every node; {@code here} this node's own */
  private record Learned(long everywhere, long here) {
    Learned newest(Learned other) { // counts only grow within a window: whichever answer came back last, the larger is the newer
      return new Learned(Math.max(everywhere, other.everywhere), Math.max(here, other.here));
    }
  }

  /**
   * Remembers the shared counter's answer to a record in window {@code window}.
   *
   * @param here this node's own counts, read before the record was sent (so the answer holds them all)
   */
  void learn(List<String> keys, long window, Counts everywhere, Counts here) {
    forgetBefore(window);
    if (learned.size() > MAX_ENTRIES) {
      learned.clear();
    }
    for (int i = 0; i < keys.size(); i++) {
      learned.merge(entry(window, keys.get(i)), new Learned(everywhere.current().get(i), here.current().get(i)), Learned::newest);
      learned.merge(entry(window - 1, keys.get(i)), new Learned(everywhere.previous().get(i), here.previous().get(i)), Learned::newest);
    }
  }

  /**
   * Every node's counts for {@code keys} in {@code window} and the one before, as last learned; empty when
   * this node has failed since ({@code here} holds failures the learned counts do not), so the caller must ask.
   * A key never learned counts what this node counted itself.
   */
  Optional<Counts> since(List<String> keys, long window, Counts here) {
    forgetBefore(window);
    List<Long> current = new ArrayList<>(keys.size());
    List<Long> previous = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      Learned now = learned.get(entry(window, keys.get(i)));
      Learned before = learned.get(entry(window - 1, keys.get(i)));
      if (here.current().get(i) > (now == null ? 0 : now.here()) || here.previous().get(i) > (before == null ? 0 : before.here())) {
        return Optional.empty();
      }
      current.add(now == null ? 0 : now.everywhere());
      previous.add(before == null ? 0 : before.everywhere());
    }
    return Optional.of(new Counts(current, previous));
  }

  private void forgetBefore(long window) {
    if (window > newestWindow) {
      newestWindow = window;
      learned.keySet().removeIf(entry -> Long.parseLong(entry.substring(0, entry.indexOf('/'))) < window - 1);
    }
  }

  private static String entry(long window, String key) {
    return window + "/" + key;
  }
}
