package dev.portcullis.domain.shared;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value after envelope encryption: the ciphertext (under a data key of its own), the data
 * key wrapped by a key-encryption key, and which KEK wrapped it. Safe to store; useless without the
 * KEK ring. Re-wrapping replaces {@code wrappedDataKey} and {@code kekId}, never the ciphertext.
 */
public final class SealedValue {
  private final byte[] ciphertext;
  private final byte[] wrappedDataKey;
  private final String kekId;

  public SealedValue(byte[] ciphertext, byte[] wrappedDataKey, String kekId) {
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    this.wrappedDataKey = Objects.requireNonNull(wrappedDataKey, "wrappedDataKey").clone();
    this.kekId = Objects.requireNonNull(kekId, "kekId");
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public byte[] wrappedDataKey() {
    return wrappedDataKey.clone();
  }

  public String kekId() {
    return kekId;
  }

  public SealedValue rewrapped(byte[] newWrappedDataKey, String newKekId) {
    return new SealedValue(ciphertext, newWrappedDataKey, newKekId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedValue that && Arrays.equals(ciphertext, that.ciphertext)
        && Arrays.equals(wrappedDataKey, that.wrappedDataKey) && kekId.equals(that.kekId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext) * 31 + kekId.hashCode();
  }

  @Override
  public String toString() {
    return "SealedValue[" + ciphertext.length + " bytes, kek " + kekId + "]";
  }
}
