package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.Suspension;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work that must happen once for a key across every node — refreshing a token at a third party — with
 * everybody else taking its result: one caller per key on this node ({@link SingleFlight}), one holder
 * per key across nodes (a lease in the shared store), and while another node holds the lease, waiting
 * until what it did has {@code settled} in the store. The one home of the lease-poll-settle loop.
 */
public final class LeasedRefresh<K, V> {
  private static final Duration POLL = Duration.ofMillis(50);
  private final SingleFlight<K, V> flights;
  private final Lease<K> lease;
  private final Duration leaseTtl;
  private final Duration maxWait;
  private final InstantSource clock;
  private final Suspension suspension;

  /** A lease in a store every node shares: at most one holder per key until it releases or the lease expires. */
  public interface Lease<K> {
    boolean acquire(K key, Instant until, Instant now);

    void release(K key);

    /** A lease from a store's two operations. */
    static <K> Lease<K> of(Acquire<K> acquire, java.util.function.Consumer<K> release) {
      return new Lease<>() {
        @Override
        public boolean acquire(K key, Instant until, Instant now) {
          return acquire.acquire(key, until, now);
        }

        @Override
        public void release(K key) {
          release.accept(key);
        }
      };
    }

    @FunctionalInterface
    interface Acquire<K> {
      boolean acquire(K key, Instant until, Instant now);
    }
  }

  /**
   * @param leaseTtl how long a holder keeps the lease if it dies holding it
   * @param maxWait how long a caller waits for another node's result before it gives up
   */
  public LeasedRefresh(Lease<K> lease, Duration leaseTtl, Duration maxWait, InstantSource clock, Suspension suspension) {
    this.flights = new SingleFlight<>(suspension);
    this.lease = lease;
    this.leaseTtl = leaseTtl;
    this.maxWait = maxWait;
    this.clock = clock;
    this.suspension = suspension;
  }

  /**
   * @param settled what another holder's work left in the store, if it is done (asked while waiting, and
   *     again once the lease is ours: someone may have finished just before)
   * @param work what to do under the lease when nothing settled it
   * @param tookTooLong the answer when another holder kept us waiting longer than {@code maxWait}
   */
  public V run(K key, Supplier<Optional<V>> settled, Supplier<V> work, Supplier<V> tookTooLong) {
    return flights.run(key, () -> {
      Instant deadline = clock.instant().plus(maxWait);
      while (!lease.acquire(key, clock.instant().plus(leaseTtl), clock.instant())) {
        Optional<V> done = settled.get();
        if (done.isPresent()) {
          return done.get();
        }
        if (clock.instant().isAfter(deadline)) {
          return tookTooLong.get();
        }
        suspension.sleep(POLL);
      }
      try {
        Optional<V> done = settled.get();
        return done.isPresent() ? done.get() : work.get();
      } finally {
        lease.release(key);
      }
    });
  }
}
