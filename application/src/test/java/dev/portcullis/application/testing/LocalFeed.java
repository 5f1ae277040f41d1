package dev.portcullis.application.testing;

import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.port.out.Doorbell;
import dev.portcullis.application.shared.port.out.InvalidationLog;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An {@link InvalidationFeed} over a list (one process), for use-case tests: what was published, and
 * "another node" appending to the shared log.
 */
public final class LocalFeed {
  private final InstantSource clock;
  private final ListLog log;
  private final InvalidationFeed feed;

  private LocalFeed(InstantSource clock) {
    this.clock = clock;
    this.log = new ListLog(clock);
    this.feed = new InvalidationFeed(log, Doorbell.NONE, IMMEDIATE, clock, new InvalidationFeed.Settings(Duration.ofSeconds(1), Duration.ofSeconds(5)));
  }

  public static LocalFeed on(InstantSource clock) {
    return new LocalFeed(clock);
  }

  /** Transactions that commit at once: after-commit actions run immediately. */
  public static final Transactions IMMEDIATE = new Transactions() {
    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return work.get();
    }

    @Override
    public void afterCommit(Runnable action) {
      action.run();
    }
  };

  public InvalidationFeed feed() {
    return feed;
  }

  public ListLog log() {
    return log;
  }

  /** The keys published on {@code topic}, in order. */
  public List<String> published(String topic) {
    return log.entries().stream().filter(e -> e.topic().equals(topic)).map(InvalidationLog.Entry::key).toList();
  }

  /** Another node recorded an invalidation; this node reads the log (as its poll or the doorbell would make it). */
  public void fromAnotherNode(String topic, String key) {
    log.append(topic, key, clock.instant().plusSeconds(600));
    feed.poll();
  }

  /** The log as a list; {@link #failing} makes reads fail like an unreachable database. */
  public static final class ListLog implements InvalidationLog {
    private final InstantSource clock;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Instant> at = new ArrayList<>();
    private volatile boolean failing;

    ListLog(InstantSource clock) {
      this.clock = clock;
    }

    public synchronized List<Entry> entries() {
      return List.copyOf(entries);
    }

    public void failing(boolean failing) {
      this.failing = failing;
    }

    @Override
    public synchronized long append(String topic, String key, Instant until) {
      entries.add(new Entry(entries.size() + 1, topic, key, until));
      at.add(clock.instant());
      return entries.size();
    }

    @Override
    public synchronized Read read(Instant from) {
      if (failing) {
        throw new dev.portcullis.application.shared.port.out.DependencyUnavailable("log", new IllegalStateException("unreachable"));
      }
      List<Entry> found = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        if (!at.get(i).isBefore(from)) {
          found.add(entries.get(i));
        }
      }
      return new Read(found, clock.instant());
    }

    @Override
    public synchronized long purge(Instant cutoff) {
      return 0;
    }
  }
}
