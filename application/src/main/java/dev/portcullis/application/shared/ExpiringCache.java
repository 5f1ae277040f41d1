package dev.portcullis.application.shared;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded cache whose entries each carry their own expiry, judged by the caller's clock. At capacity
 * the least recently used entry goes, so a flood of one-off keys cannot pin memory and entries in use
 * stay. Never call a port while holding it: the lock guards the map only (see docs/architecture.md on
 * monitors and virtual threads).
 */
public final class ExpiringCache<K, V> {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<K, Slot<V>> entries;

  private record Slot<V>(V value, Instant expiresAt) {}

  public ExpiringCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
        return size() > ExpiringCache.this.capacity;
      }
    };
  }

  /** The value for {@code key} if present and not expired at {@code now}. */
  public Optional<V> get(K key, Instant now) {
    lock.lock();
    try {
      Slot<V> entry = entries.get(key);
      if (entry == null) {
        return Optional.empty();
      }
      if (!entry.expiresAt().isAfter(now)) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(entry.value());
    } finally {
      lock.unlock();
    }
  }

  public void put(K key, V value, Instant expiresAt) {
    lock.lock();
    try {
      entries.put(key, new Slot<>(value, expiresAt));
    } finally {
      lock.unlock();
    }
  }

  public void invalidate(K key) {
    lock.lock();
    try {
      entries.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Drops every entry whose value matches (a linear scan: for rare events such as a revocation). */
  public void invalidateIf(java.util.function.Predicate<V> matches) {
    lock.lock();
    try {
      entries.values().removeIf(slot -> matches.test(slot.value()));
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}
