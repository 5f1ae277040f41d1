package dev.portcullis.application.shared.port.out;

import java.util.function.Consumer;

/**
 * Tells every node that a cached entry changed (a client updated or deleted, an API key revoked), so
 * their caches drop it. Best effort: a message lost while a node reconnects is covered by the cache's
 * own TTL, which is why {@link #reachesOtherNodes()} decides how long a cache may keep an entry.
 */
public interface Invalidations extends AutoCloseable {
  /** Drops {@code key} of {@code topic} on this node (synchronously) and, where possible, on every other. */
  void publish(String topic, String key);

  /** {@code listener} is called with each invalidated key of {@code topic}, from any node including this one. */
  void subscribe(String topic, Consumer<String> listener);

  /** True when a publish reaches other nodes (Redis pub/sub); false for a single process. */
  boolean reachesOtherNodes();

  /** Stops listening (the subscriber connection, if any). */
  @Override
  default void close() {}
}
