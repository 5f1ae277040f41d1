package dev.portcullis.adapter.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig2026;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.domain.shared.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * The root key from {@code PORTCULLIS_ROOT_KEY} (see {@link RootKeys} for its forms), held in memory as
 * a Tink AEAD. Its ciphertexts carry Tink's output prefix (a version byte {@code 0x01} or {@code 0x00}
 * and the key id), which is how {@link #wrote} tells them from another provider's.
 */
public final class EnvironmentRootKey implements RootKey {
  public static final String PROVIDER = "environment";
  private final Aead aead;
  private final java.util.Set<Integer> keyIds;

  public EnvironmentRootKey(SecretBytes rootKey) {
    KeysetHandle keyset = RootKeys.parse(rootKey);
    try {
      this.aead = keyset.getPrimitive(AeadConfig2026.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("root key cannot be used as an AEAD", e);
    }
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(keyset.getAt(i).getId());
    }
    this.keyIds = java.util.Set.copyOf(ids);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public byte[] wrap(byte[] key, byte[] binding) {
    try {
      return aead.encrypt(key, binding);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] binding) {
    try {
      return aead.decrypt(wrapped, binding);
    } catch (GeneralSecurityException e) {
      throw new Envelope.TamperedValue("a KEK failed authentication under PORTCULLIS_ROOT_KEY: altered, or wrapped by another root key");
    }
  }

  /** Tink's prefix: {@code 0x01} (TINK) or {@code 0x00} (LEGACY/CRUNCHY) followed by a 4-byte key id of this keyset. */
  @Override
  public boolean wrote(byte[] wrapped) {
    if (wrapped.length < 5 || (wrapped[0] != 0x01 && wrapped[0] != 0x00)) {
      return false;
    }
    int id = java.nio.ByteBuffer.wrap(wrapped, 1, 4).getInt();
    return keyIds.contains(id);
  }
}
