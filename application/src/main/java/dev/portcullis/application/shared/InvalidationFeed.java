package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.Doorbell;
import dev.portcullis.application.shared.port.out.InvalidationLog;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells every node that something it may have cached changed (a client updated or deleted, an API key
 * changed or revoked, a token revoked), durably: {@link #publish} records the change in the
 * {@link InvalidationLog} inside the caller's transaction, and after the commit delivers it on this node
 * and rings the {@link Doorbell}; every node reads the log when rung and every {@code pollInterval}
 * anyway, so a ring lost to a Redis outage costs at most one interval, never a missed revocation.
 *
 * <p>Caches trust their entries only while this feed is fresh ({@link #requireFresh}): a node that has
 * not read the log for {@code maxStaleness} reads it before answering from a cache, and answers 503 if it
 * cannot — an outage never lets a revoked key, client or token through.
 */
public final class InvalidationFeed {
  /** How far back each read reaches again: longer than any transaction can stay open (they are bounded by the request deadline). */
  static final Duration OVERLAP = Duration.ofSeconds(60);
  /** How long a plain invalidation is kept: longer than any cache holds an entry. */
  static final Duration KEEP = Duration.ofMinutes(10);
  private final InvalidationLog log;
  private final Doorbell doorbell;
  private final Transactions transactions;
  private final InstantSource clock;
  private final Settings settings;
  private final Map<String, List<Consumer<InvalidationLog.Entry>>> listeners = new ConcurrentHashMap<>();
  private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicReference<Instant> readFrom = new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);
  private final java.util.concurrent.atomic.AtomicReference<Instant> lastRead = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);

  /**
   * @param pollInterval how often the log is read without a ring
   * @param maxStaleness how old the last successful read may be before caches stop being trusted
   */
  public record Settings(Duration pollInterval, Duration maxStaleness) {
    public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  public InvalidationFeed(InvalidationLog log, Doorbell doorbell, Transactions transactions, InstantSource clock, Settings settings) {
    this.log = log;
    this.doorbell = doorbell;
    this.transactions = transactions;
    this.clock = clock;
    this.settings = settings;
    doorbell.onRing(this::pollQuietly);
  }

  public Settings settings() {
    return settings;
  }

  /** Announces that {@code key} of {@code topic} changed; kept long enough for every cache to hear it. */
  public void publish(String topic, String key) {
    publish(topic, key, clock.instant().plus(KEEP));
  }

  /** As above, with the entry kept (and delivered to nodes that start later) until {@code until}. */
  public void publish(String topic, String key, Instant until) {
    long seq = log.append(topic, key, until);
    InvalidationLog.Entry entry = new InvalidationLog.Entry(seq, topic, key, until);
    transactions.afterCommit(() -> {
      deliver(entry);
      doorbell.ring();
    });
  }

  /** {@code listener} gets every entry of {@code topic} this node learns of, its own included. */
  public void subscribe(String topic, Consumer<InvalidationLog.Entry> listener) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  /**
   * Reads what was recorded since the last read (with an overlap for late commits) and delivers what is
   * new. No lock: a request may call this while the background poll runs (a lock held across the read's
   * await would stall the request's event-loop context); overlapping reads are harmless, delivery is
   * once per entry and both markers only move forward. The first read of a node delivers every entry
   * still kept — the current revocations among them.
   */
  public void poll() {
    Instant startedAt = clock.instant();
    InvalidationLog.Read read = log.read(readFrom.get());
    read.entries().forEach(this::deliver);
    Instant next = read.logNow().minus(OVERLAP);
    readFrom.accumulateAndGet(next, (a, b) -> a.isAfter(b) ? a : b);
    lastRead.accumulateAndGet(startedAt, (a, b) -> a.isAfter(b) ? a : b);
    if (delivered.size() > 100_000) {
      delivered.clear(); // re-delivery is harmless; this only bounds memory
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // the next interval tries again; requireFresh turns a lasting failure into 503s
    }
  }

  /** Whether the last successful read is recent enough for caches to be trusted. */
  public boolean fresh() {
    return !lastRead.get().plus(settings.maxStaleness()).isBefore(clock.instant());
  }

  /**
   * Before answering from anything cached: reads the log now if the last read is too old, and fails with
   * {@link DependencyUnavailable} (a 503) when it cannot be read.
   */
  public void requireFresh() {
    if (fresh()) {
      return;
    }
    try {
      poll();
    } catch (DependencyUnavailable e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DependencyUnavailable("invalidation log", e);
    }
  }

  private void deliver(InvalidationLog.Entry entry) {
    if (!delivered.add(entry.seq())) {
      return;
    }
    listeners.getOrDefault(entry.topic(), List.of()).forEach(listener -> listener.accept(entry));
  }
}
