package dev.portcullis.adapter.memory.grant;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Used keys in memory (single node). Expired entries are replaced atomically and swept now and then. */
public final class InMemoryReplayGuard implements ReplayGuard {
  private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  @Override
  public boolean firstUse(String key, Instant expiresAt, Instant now) {
    AtomicBoolean first = new AtomicBoolean();
    used.compute(key, (k, existing) -> {
      if (existing == null || !existing.isAfter(now)) {
        first.set(true);
        return expiresAt;
      }
      return existing;
    });
    if (calls.incrementAndGet() % 10_000 == 0) {
      used.values().removeIf(expiry -> !expiry.isAfter(now)); // bounded memory under a steady stream of jtis
    }
    return first.get();
  }

  @Override
  public long purgeExpired(Instant now) {
    int before = used.size();
    used.values().removeIf(expiry -> !expiry.isAfter(now));
    return Math.max(0, before - used.size());
  }
}
