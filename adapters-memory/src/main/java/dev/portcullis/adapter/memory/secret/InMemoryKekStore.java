package dev.portcullis.adapter.memory.secret;

import dev.portcullis.application.secret.port.out.KekStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** KEKs in memory: in {@code dev} mode they live as long as the generated root key does. */
public final class InMemoryKekStore implements KekStore {
  private final List<StoredKek> keks = new CopyOnWriteArrayList<>();

  @Override
  public List<StoredKek> all() {
    return List.copyOf(keks);
  }

  @Override
  public void add(StoredKek kek) {
    keks.add(kek);
  }

  @Override
  public synchronized void rewrap(String id, byte[] wrappedKey) {
    keks.replaceAll(k -> k.id().equals(id) ? new StoredKek(id, wrappedKey, k.createdAt()) : k);
  }
}
