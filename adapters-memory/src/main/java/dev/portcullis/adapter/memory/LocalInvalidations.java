package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Invalidations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Invalidations within this process only: dev mode, and serve without Redis (caches then rely on their TTL). */
public final class LocalInvalidations implements Invalidations {
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

  @Override
  public void publish(String topic, String key) {
    deliver(topic, key);
  }

  /** Hands a message to this node's listeners (also used by adapters that receive from other nodes). */
  public void deliver(String topic, String key) {
    listeners.getOrDefault(topic, List.of()).forEach(listener -> listener.accept(key));
  }

  @Override
  public void subscribe(String topic, Consumer<String> listener) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  @Override
  public boolean reachesOtherNodes() {
    return false;
  }
}
