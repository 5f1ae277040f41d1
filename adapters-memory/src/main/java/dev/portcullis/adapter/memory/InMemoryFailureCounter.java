package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.FailureCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link FailureCounter} of one node: counters per key and window; windows before the previous one are dropped as time moves on. */
public final class InMemoryFailureCounter implements FailureCounter {
  private static final int MAX_KEYS = 100_000;
  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private volatile long currentWindow = -1;

  @Override
  public Counts record(List<String> keys, Duration window, Instant now) {
    long index = roll(window, now);
    if (counters.size() > MAX_KEYS) {
      counters.clear(); // a flood of distinct sources: forget rather than grow without bound
    }
    List<Long> current = new ArrayList<>(keys.size());
    for (String key : keys) {
      current.add(counters.computeIfAbsent(index + "/" + window.toMillis() + "/" + key, k -> new AtomicLong()).incrementAndGet());
    }
    return new Counts(current, read(keys, window, index - 1));
  }

  @Override
  public Counts counts(List<String> keys, Duration window, Instant now) {
    long index = roll(window, now);
    return new Counts(read(keys, window, index), read(keys, window, index - 1));
  }

  private List<Long> read(List<String> keys, Duration window, long index) {
    return keys.stream().map(key -> {
      AtomicLong counter = counters.get(index + "/" + window.toMillis() + "/" + key);
      return counter == null ? 0L : counter.get();
    }).toList();
  }

  private long roll(Duration window, Instant now) {
    long index = FailureCounter.windowOf(now, window);
    if (index > currentWindow) {
      currentWindow = index;
      String current = index + "/";
      String previous = (index - 1) + "/";
      counters.keySet().removeIf(key -> !key.startsWith(current) && !key.startsWith(previous));
    }
    return index;
  }
}
