package dev.portcullis.adapter.memory.key;

import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.domain.key.SigningKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class InMemorySigningKeyStore implements SigningKeyStore {
  private final List<SigningKey> keys = new CopyOnWriteArrayList<>();

  @Override
  public List<SigningKey> all() {
    return List.copyOf(keys);
  }

  @Override
  public void add(SigningKey key) {
    keys.add(key);
  }

  @Override
  public synchronized void retire(String kid, Instant retiredAt) {
    keys.replaceAll(k -> k.kid().equals(kid) && k.retiredAt().isEmpty() ? k.retired(retiredAt) : k);
  }
}
