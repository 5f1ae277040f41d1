package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RootKeysTest {

  @Test
  void a_generated_key_parses_into_a_working_aead() throws Exception {
    SecretBytes generated = RootKeys.generate();

    Aead aead = RootKeys.parse(generated).getPrimitive(AeadConfig2026.get(), Aead.class);

    byte[] ciphertext = aead.encrypt("hello".getBytes(StandardCharsets.UTF_8), "ad".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(aead.decrypt(ciphertext, "ad".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(Base64.getDecoder().decode(generated.revealUtf8())).hasSize(32);
  }

  @Test
  void the_same_raw_key_decrypts_what_it_encrypted_after_a_restart() throws Exception {
    SecretBytes key = RootKeys.generate();
    byte[] ciphertext = RootKeys.parse(key).getPrimitive(AeadConfig2026.get(), Aead.class).encrypt(new byte[] {1, 2, 3}, new byte[0]);

    byte[] plaintext = RootKeys.parse(SecretBytes.of(key.reveal())).getPrimitive(AeadConfig2026.get(), Aead.class).decrypt(ciphertext, new byte[0]);

    assertThat(plaintext).containsExactly(1, 2, 3);
  }

  @Test
  void a_tink_json_aead_keyset_is_accepted() throws Exception {
    com.google.crypto.tink.aead.AeadConfig.register(); // to serialize the test keyset
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, AeadConfig2026.get()), InsecureSecretKeyAccess.get());

    KeysetHandle parsed = RootKeys.parse(SecretBytes.ofUtf8(json));

    assertThat(parsed.size()).isEqualTo(1);
  }

  @Test
  void a_key_of_the_wrong_length_is_rejected_without_echoing_it() {
    String tooShort = Base64.getEncoder().encodeToString("sentinel-16bytes".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> RootKeys.parse(SecretBytes.ofUtf8(tooShort)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly 32 bytes").hasMessageContaining("16")
        .hasMessageNotContaining(tooShort);
  }

  @Test
  void text_that_is_not_base64_is_rejected_without_echoing_it() {
    assertThatThrownBy(() -> RootKeys.parse(SecretBytes.ofUtf8("not base64 at all! sentinel")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("sentinel");
  }

  @Test
  void a_keyset_of_signature_keys_is_not_a_root_key() throws Exception {
    com.google.crypto.tink.signature.SignatureConfig.register(); // to serialize the test keyset
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedSignatureParameters.ECDSA_P256, com.google.crypto.tink.signature.SignatureConfig2026.get()), InsecureSecretKeyAccess.get());

    assertThatThrownBy(() -> RootKeys.parse(SecretBytes.ofUtf8(json))).hasMessageContaining("AEAD");
  }
}
