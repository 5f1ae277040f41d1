package dev.portcullis.application.shared.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Failed authentications counted per key (a source address, a credential id) in fixed windows of
 * {@code window}, shared by every node when it is Redis, per node when it is memory.
 */
public interface FailureCounter {
  /** Counts one failure for each of {@code keys} in the window that holds {@code now}. */
  void record(List<String> keys, Duration window, Instant now);

  /**
   * The failures of each of {@code keys} in the window that holds {@code now}, in the same order. The
   * window before the current one stays readable (a sliding window is estimated from both).
   */
  List<Long> counts(List<String> keys, Duration window, Instant now);

  /** The index of the window that holds {@code now}: adapters key their counters by it. */
  static long windowOf(Instant now, Duration window) {
    return now.toEpochMilli() / window.toMillis();
  }

  /** When the window that holds {@code now} ends. */
  static Instant windowEnd(Instant now, Duration window) {
    return Instant.ofEpochMilli((windowOf(now, window) + 1) * window.toMillis());
  }
}
