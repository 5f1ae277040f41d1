package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code last_used_at} without a write per request: uses are coalesced in memory (latest instant per
 * key) and written in one batch by {@link #flush()}, which a background job calls every few seconds.
 * A crash loses at most one interval of "last used" precision, never a key.
 */
public final class LastUsed {
  private final ApiKeyStore store;
  private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

  public LastUsed(ApiKeyStore store) {
    this.store = store;
  }

  void record(String keyId, Instant at) {
    pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Writes what accumulated since the last flush; returns how many keys it touched. */
  public int flush() {
    Map<String, Instant> batch = new HashMap<>();
    for (String keyId : pending.keySet()) {
      Instant at = pending.remove(keyId);
      if (at != null) {
        batch.put(keyId, at);
      }
    }
    if (!batch.isEmpty()) {
      try {
        store.touch(batch);
      } catch (RuntimeException e) {
        batch.forEach(this::record); // try again next time
        throw e;
      }
    }
    return batch.size();
  }
}
