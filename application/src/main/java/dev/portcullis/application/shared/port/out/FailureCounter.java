package dev.portcullis.application.shared.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Failed authentications counted per key (a source address, a credential id) in fixed windows of
 * {@code window}, shared by every node when it is Redis, per node when it is memory.
 */
public interface FailureCounter {
  /**
   * Counts one failure for each of {@code keys} in the window that holds {@code now}, and answers the
   * counts as they are right after it (both windows, as {@link #counts}) — in the same round trip, so a
   * node learns what every node counted whenever it records a failure of its own.
   */
  Counts record(List<String> keys, Duration window, Instant now);

  /**
   * The failures of each of {@code keys}, in the same order, in the window that holds {@code now} and in
   * the window before it (a sliding window is estimated from both) — one lookup for both, so a shared
   * counter costs one round trip.
   */
  Counts counts(List<String> keys, Duration window, Instant now);

  /** Failures per key in the window that holds a moment ({@code current}) and in the one before it ({@code previous}). */
  record Counts(List<Long> current, List<Long> previous) {
    public Counts {
      current = List.copyOf(current);
      previous = List.copyOf(previous);
      if (current.size() != previous.size()) {
        throw new IllegalArgumentException("one count per key in each window");
      }
    }
  }

  /** The index of the window that holds {@code now}: adapters key their counters by it. */
  static long windowOf(Instant now, Duration window) {
    return now.toEpochMilli() / window.toMillis();
  }

  /** When the window that holds {@code now} ends. */
  static Instant windowEnd(Instant now, Duration window) {
    return Instant.ofEpochMilli((windowOf(now, window) + 1) * window.toMillis());
  }
}
