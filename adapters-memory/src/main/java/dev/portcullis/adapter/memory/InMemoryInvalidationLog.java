package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.InvalidationLog;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** {@link InvalidationLog} of a single process ({@code dev}): a list, read by time of recording. */
public final class InMemoryInvalidationLog implements InvalidationLog {
  private final InstantSource clock;
  private final List<Recorded> entries = new ArrayList<>();
  private long seq;

  private record Recorded(Entry entry, Instant at) {}

  @Inject
  public InMemoryInvalidationLog(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized long append(String topic, String key, Instant until) {
    Recorded recorded = new Recorded(new Entry(++seq, topic, key, until), clock.instant());
    entries.add(recorded);
    InMemoryTransactions.undoable(() -> {
      synchronized (this) {
        entries.remove(recorded);
      }
    });
    return seq;
  }

  @Override
  public synchronized Read read(Instant from) {
    return new Read(entries.stream().filter(r -> !r.at().isBefore(from)).map(Recorded::entry).toList(), clock.instant());
  }

  @Override
  public synchronized long purge(Instant cutoff) {
    int before = entries.size();
    entries.removeIf(r -> r.entry().until().isBefore(cutoff));
    return before - entries.size();
  }
}
