package dev.portcullis.adapter.memory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Exclusive, expiring leases by key: one atomic map operation decides the holder. */
public final class Leases {
  private final Map<String, Instant> held = new ConcurrentHashMap<>();

  /** True for the caller that gets the lease until {@code until}; false while an unexpired one is held. */
  public boolean take(String key, Instant until, Instant now) {
    AtomicBoolean mine = new AtomicBoolean(false);
    held.compute(key, (k, current) -> {
      if (current != null && current.isAfter(now)) {
        return current;
      }
      mine.set(true);
      return until;
    });
    return mine.get();
  }

  public void release(String key) {
    held.remove(key);
  }
}
