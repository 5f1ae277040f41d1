package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.Suspension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One computation per key on this node at a time: the first caller runs it, concurrent callers with the
 * same key wait (through {@link Suspension}, so a Vert.x context is never held) and share its result or
 * its exception. Across nodes, callers combine this with a lease in a shared store.
 */
public final class SingleFlight<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
  private final Suspension suspension;

  public SingleFlight(Suspension suspension) {
    this.suspension = suspension;
  }

  public V run(K key, Supplier<V> work) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      return suspension.await(leader);
    }
    try {
      V result = work.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }
}
