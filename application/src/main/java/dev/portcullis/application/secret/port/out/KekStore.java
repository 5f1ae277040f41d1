package dev.portcullis.application.secret.port.out;

import java.time.Instant;
import java.util.List;

/**
 * Persists the key-encryption keys, each wrapped by the root key. The newest is primary. Only the
 * envelope adapter reads these blobs; they are useless without {@code PORTCULLIS_ROOT_KEY}.
 */
public interface KekStore {
  List<StoredKek> all();

  void add(StoredKek kek);

  /** Replaces a KEK's wrapping (re-encryption under a new root key); the KEK itself is unchanged. */
  void rewrap(String id, byte[] wrappedKey);

  record StoredKek(String id, byte[] wrappedKey, Instant createdAt) {
    public StoredKek {
      wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] wrappedKey() {
      return wrappedKey.clone();
    }
  }
}
