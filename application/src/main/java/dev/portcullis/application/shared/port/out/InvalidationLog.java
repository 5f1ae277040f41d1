package dev.portcullis.application.shared.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable record of "something cached changed" and "this credential is revoked", shared by every
 * node of a deployment (Postgres; in memory for a single process). {@link #append} joins the caller's
 * transaction, so an invalidation commits together with the change it announces or not at all; every
 * node reads the log on a short interval (and when rung, {@link Doorbell}), so nothing committed can be
 * missed the way a pub/sub message can.
 */
public interface InvalidationLog {
  /** Records an entry (joining the current transaction, if any) and returns its sequence number. */
  long append(String topic, String key, Instant until);

  /**
   * Entries recorded at or after {@code from} by the log's own clock, in sequence order, and that clock's
   * reading now. Entries of transactions still open are not visible yet: readers re-read an overlap.
   */
  Read read(Instant from);

  /** Deletes entries whose {@code until} is before {@code cutoff}; how many went. */
  long purge(Instant cutoff);

  record Entry(long seq, String topic, String key, Instant until) {
    public Entry {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(until, "until");
    }
  }

  record Read(List<Entry> entries, Instant logNow) {
    public Read {
      entries = List.copyOf(entries);
      Objects.requireNonNull(logNow, "logNow");
    }
  }
}
