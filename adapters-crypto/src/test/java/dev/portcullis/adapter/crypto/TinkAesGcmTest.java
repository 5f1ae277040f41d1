package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link TinkAesGcm} is Tink's AES-GCM byte for byte: what one seals the other opens, and tampering fails in both. */
class TinkAesGcmTest {
  private static final byte[] PLAINTEXT = "aes-gcm-sentinel-4d1f".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AD = "binding".getBytes(StandardCharsets.UTF_8);

  static {
    RootKeys.generate(); // registers Tink's AEAD key types
  }

  private static Aead tink(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(AeadConfig2026.get(), Aead.class);
  }

  private static Aead fast(KeysetHandle keyset) {
    return TinkAesGcm.of(keyset).orElseThrow();
  }

  @Test
  void what_it_seals_tink_opens_and_what_tink_seals_it_opens() throws Exception {
    KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);

    assertThat(tink(keyset).decrypt(fast(keyset).encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
    assertThat(fast(keyset).decrypt(tink(keyset).encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
    assertThat(fast(keyset).encrypt(PLAINTEXT, AD)).as("output prefix, IV, ciphertext, tag").hasSize(5 + 12 + PLAINTEXT.length + 16);
  }

  @Test
  void a_key_without_output_prefix_works_both_ways_too() throws Exception {
    KeysetHandle raw = KeysetHandle.generateNew(AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
        .setVariant(AesGcmParameters.Variant.NO_PREFIX).build());

    assertThat(tink(raw).decrypt(fast(raw).encrypt(PLAINTEXT, null), null)).isEqualTo(PLAINTEXT);
    assertThat(fast(raw).decrypt(tink(raw).encrypt(PLAINTEXT, new byte[0]), null)).isEqualTo(PLAINTEXT);
  }

  @Test
  void a_new_data_key_is_a_tink_aes256_gcm_keyset_with_its_own_key_and_id() throws Exception {
    Set<Integer> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      KeysetHandle dataKey = TinkAesGcm.newDataKey();
      AesGcmKey key = (AesGcmKey) dataKey.getPrimary().getKey();
      assertThat(key.getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);
      assertThat(dataKey.getPrimary().getId()).isPositive().isEqualTo(key.getIdRequirementOrNull());
      ids.add(dataKey.getPrimary().getId());
      keys.add(java.util.HexFormat.of().formatHex(key.getKeyBytes().toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get())));
      assertThat(tink(dataKey).decrypt(fast(dataKey).encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
    }
    assertThat(ids).hasSize(200);
    assertThat(keys).hasSize(200);
  }

  @Test
  void a_wrapped_data_key_round_trips_through_tinks_keyset_format() throws Exception {
    KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    KeysetHandle dataKey = TinkAesGcm.newDataKey();

    byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, fast(kek), AD);
    KeysetHandle unwrapped = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, tink(kek), AD);

    assertThat(unwrapped.equalsKeyset(dataKey)).isTrue();
    assertThatThrownBy(() -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, fast(kek), "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void a_flipped_bit_another_binding_another_key_or_a_cut_ciphertext_is_refused() throws Exception {
    KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    byte[] sealed = fast(keyset).encrypt(PLAINTEXT, AD);

    for (int i = 0; i < sealed.length; i += 7) {
      byte[] flipped = sealed.clone();
      flipped[i] ^= 1;
      assertThatThrownBy(() -> fast(keyset).decrypt(flipped, AD)).as("bit flipped at %d", i).isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> fast(keyset).decrypt(sealed, "other".getBytes(StandardCharsets.UTF_8))).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> fast(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)).decrypt(sealed, AD)).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> fast(keyset).decrypt(java.util.Arrays.copyOf(sealed, 20), AD)).isInstanceOf(GeneralSecurityException.class);
    assertThat(fast(keyset).decrypt(sealed, AD)).as("the pool's ciphers still work after refusals").isEqualTo(PLAINTEXT);
  }

  @Test
  void keysets_it_does_not_handle_are_left_to_tink() throws Exception {
    KeysetHandle two = KeysetHandle.newBuilder(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM))
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES128_GCM).withRandomId()).build();
    KeysetHandle siv = KeysetHandle.generateNew(PredefinedAeadParameters.XCHACHA20_POLY1305);

    assertThat(TinkAesGcm.of(two)).isEmpty();
    assertThat(TinkAesGcm.of(siv)).isEmpty();
  }

  @Test
  void many_threads_share_the_random_and_the_cipher_pool_safely() throws Exception {
    KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 2_000; i++) {
        byte[] mine = ("value-" + i).getBytes(StandardCharsets.UTF_8);
        results.add(threads.submit(() -> java.util.Arrays.equals(tink(keyset).decrypt(fast(keyset).encrypt(mine, AD), AD), mine)
            && java.util.Arrays.equals(fast(keyset).decrypt(tink(keyset).encrypt(mine, AD), AD), mine)));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    }
  }
}
