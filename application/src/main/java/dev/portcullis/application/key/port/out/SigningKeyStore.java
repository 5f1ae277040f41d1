package dev.portcullis.application.key.port.out;

import dev.portcullis.domain.key.SigningKey;
import java.time.Instant;
import java.util.List;

/** The public side of the platform signing keys (the private halves are secrets in the vault). */
public interface SigningKeyStore {
  List<SigningKey> all();

  void add(SigningKey key);

  /** Sets {@code retiredAt} if the key is not retired yet. */
  void retire(String kid, Instant retiredAt);
}
