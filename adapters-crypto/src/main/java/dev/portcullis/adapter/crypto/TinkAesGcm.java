package dev.portcullis.adapter.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tink's AES-GCM, byte for byte (output prefix, 12-byte IV, ciphertext, 16-byte tag), without Tink's
 * per-thread state. Tink keeps its {@code SecureRandom} and its {@code Cipher} in thread-locals; every
 * request here runs on a virtual thread of its own, so each seal built a new {@code SecureRandom} (after
 * three failed provider look-ups, one by reflection) and each open a new {@code Cipher}: ~5 % of a refresh
 * grant's CPU (docs/performance.md). This draws keys, key ids and IVs from one shared {@code SecureRandom}
 * (thread-safe) and takes ciphers from a small pool. Tink still parses, serializes and wraps the
 * keysets; only the AEAD operation is done here, and {@code TinkAesGcmTest} checks both directions
 * against Tink's own primitive.
 */
final class TinkAesGcm implements Aead {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final ArrayBlockingQueue<Cipher> CIPHERS = new ArrayBlockingQueue<>(64);
  private final SecretKeySpec key;
  private final byte[] prefix;

  private TinkAesGcm(byte[] key, byte[] prefix) {
    this.key = new SecretKeySpec(key, "AES");
    this.prefix = prefix;
  }

  /**
   * The AEAD of a keyset holding exactly one AES-GCM key with Tink's standard IV and tag sizes; empty for
   * anything else (the caller then uses Tink's primitive, which also tries every key of a larger keyset).
   */
  static Optional<Aead> of(KeysetHandle keyset) {
    if (keyset.size() != 1 || !(keyset.getPrimary().getKey() instanceof AesGcmKey gcm)
        || gcm.getParameters().getIvSizeBytes() != IV_BYTES || gcm.getParameters().getTagSizeBytes() != TAG_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new TinkAesGcm(gcm.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()), gcm.getOutputPrefix().toByteArray()));
  }

  /** A fresh AES-256-GCM data key in a keyset of its own, as {@code KeysetHandle.generateNew(AES256_GCM)} makes it. */
  static KeysetHandle newDataKey() throws GeneralSecurityException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    int id;
    do {
      id = RANDOM.nextInt() & 0x7fffffff; // Tink's key ids: positive, never 0
    } while (id == 0);
    try {
      AesGcmKey key = AesGcmKey.builder().setParameters(PredefinedAeadParameters.AES256_GCM)
          .setKeyBytes(com.google.crypto.tink.util.SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())).setIdRequirement(id).build();
      return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).makePrimary()).build();
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] out = new byte[prefix.length + IV_BYTES + plaintext.length + TAG_BYTES];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    System.arraycopy(iv, 0, out, prefix.length, IV_BYTES);
    Cipher cipher = cipher();
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, iv));
    if (associatedData != null) {
      cipher.updateAAD(associatedData);
    }
    int written = cipher.doFinal(plaintext, 0, plaintext.length, out, prefix.length + IV_BYTES);
    if (written != plaintext.length + TAG_BYTES) {
      throw new GeneralSecurityException("unexpected AES-GCM output length");
    }
    CIPHERS.offer(cipher); // only after success: a cipher that threw is dropped
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < prefix.length + IV_BYTES + TAG_BYTES
        || !Arrays.equals(ciphertext, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new GeneralSecurityException("decryption failed");
    }
    Cipher cipher = cipher();
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, ciphertext, prefix.length, IV_BYTES));
    if (associatedData != null) {
      cipher.updateAAD(associatedData);
    }
    int offset = prefix.length + IV_BYTES;
    byte[] plaintext = cipher.doFinal(ciphertext, offset, ciphertext.length - offset);
    CIPHERS.offer(cipher);
    return plaintext;
  }

  private static Cipher cipher() throws GeneralSecurityException {
    Cipher pooled = CIPHERS.poll();
    return pooled != null ? pooled : Cipher.getInstance("AES/GCM/NoPadding");
  }
}
