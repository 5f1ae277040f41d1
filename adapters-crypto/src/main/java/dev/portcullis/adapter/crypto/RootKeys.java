package dev.portcullis.adapter.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The root key (KEK) that protects everything Portcullis keeps at rest. Accepted forms of
 * {@code PORTCULLIS_ROOT_KEY}: base64 (standard or URL-safe) of exactly 32 random bytes, used as an
 * AES-256-GCM key; or a Tink JSON keyset of AEAD keys (which is how a rotated root key with several
 * versions is written). Error messages describe the form, never the value.
 */
public final class RootKeys {
  public static final int RAW_KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    try {
      // Parsing a serialized keyset needs the AEAD key serializers registered; primitives are still
      // created through AeadConfig2026 rather than the (deprecated) global registry.
      com.google.crypto.tink.aead.AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private RootKeys() {}

  /** A fresh root key in the raw form: base64 of 32 random bytes. */
  public static SecretBytes generate() {
    byte[] key = new byte[RAW_KEY_BYTES];
    RANDOM.nextBytes(key);
    try {
      return SecretBytes.ofUtf8(Base64.getEncoder().encodeToString(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Parses and validates a root key; the keyset it returns yields a working {@link Aead}. */
  public static KeysetHandle parse(SecretBytes rootKey) {
    String text = rootKey.revealUtf8().strip();
    KeysetHandle keyset = text.startsWith("{") ? parseTinkKeyset(text) : parseRaw(text);
    try {
      keyset.getPrimitive(AeadConfig2026.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("must be a keyset of AEAD keys (e.g. AES256_GCM); this keyset holds other key types");
    }
    return keyset;
  }

  private static KeysetHandle parseTinkKeyset(String json) {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("looks like a Tink JSON keyset but could not be parsed as one");
    }
  }

  private static KeysetHandle parseRaw(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.replaceAll("\\s", "").replace('-', '+').replace('_', '/').getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be base64 of 32 random bytes or a Tink JSON keyset; it is neither");
    }
    try {
      if (key.length != RAW_KEY_BYTES) {
        throw new IllegalArgumentException("must decode to exactly 32 bytes; it decodes to " + key.length
            + " (generate one with 'portcullis keygen')");
      }
      AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.TINK).build();
      AesGcmKey aesKey = AesGcmKey.builder().setParameters(parameters).setIdRequirement(1)
          .setKeyBytes(com.google.crypto.tink.util.SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build();
      return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(aesKey).makePrimary()).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is supported by every Tink build", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
