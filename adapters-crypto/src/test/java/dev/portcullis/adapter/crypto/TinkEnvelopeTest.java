package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TinkEnvelopeTest {
  private static final String SENTINEL = "envelope-sentinel-value-91c3";
  private static final TenantId ACME = new TenantId("acme");
  private static final SecretName NAME = new SecretName("db/password");

  private final SecretBytes rootKey = RootKeys.generate();
  private final ListKekStore keks = new ListKekStore();
  private final TinkEnvelope envelope = new TinkEnvelope(rootKey, keks, InstantSource.system());

  @Test
  void a_sealed_value_opens_with_the_same_binding_and_hides_the_plaintext() {
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));

    assertThat(envelope.open(sealed, SecretBinding.of(ACME, NAME, 1)).revealUtf8()).isEqualTo(SENTINEL);
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(SENTINEL);
    assertThat(new String(sealed.wrappedDataKey(), StandardCharsets.ISO_8859_1)).doesNotContain(SENTINEL);
  }

  @Test
  void a_value_moved_to_another_tenant_name_or_version_does_not_open() {
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));

    assertThatThrownBy(() -> envelope.open(sealed, SecretBinding.of(new TenantId("other"), NAME, 1))).isInstanceOf(Envelope.TamperedValue.class);
    assertThatThrownBy(() -> envelope.open(sealed, SecretBinding.of(ACME, new SecretName("other"), 1))).isInstanceOf(Envelope.TamperedValue.class);
    assertThatThrownBy(() -> envelope.open(sealed, SecretBinding.of(ACME, NAME, 2))).isInstanceOf(Envelope.TamperedValue.class);
  }

  @Test
  void every_seal_uses_a_fresh_data_key() {
    SealedValue first = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));
    SealedValue second = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));

    assertThat(first.wrappedDataKey()).isNotEqualTo(second.wrappedDataKey());
    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
  }

  @Test
  void a_flipped_ciphertext_bit_is_detected() {
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));
    byte[] ciphertext = sealed.ciphertext();
    ciphertext[ciphertext.length - 1] ^= 1;

    assertThatThrownBy(() -> envelope.open(new SealedValue(ciphertext, sealed.wrappedDataKey(), sealed.kekId()), SecretBinding.of(ACME, NAME, 1)))
        .isInstanceOf(Envelope.TamperedValue.class).hasMessageNotContaining(SENTINEL);
  }

  @Test
  void rotation_makes_a_new_kek_primary_and_rewrap_changes_only_the_wrapping() {
    SealedValue before = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));

    String newKek = envelope.rotate();
    SealedValue rewrapped = envelope.rewrap(before, SecretBinding.of(ACME, NAME, 1));

    assertThat(newKek).isNotEqualTo(before.kekId());
    assertThat(envelope.primaryKekId()).isEqualTo(newKek);
    assertThat(envelope.open(before, SecretBinding.of(ACME, NAME, 1)).revealUtf8()).as("old KEK still unwraps").isEqualTo(SENTINEL);
    assertThat(rewrapped.kekId()).isEqualTo(newKek);
    assertThat(rewrapped.ciphertext()).isEqualTo(before.ciphertext());
    assertThat(rewrapped.wrappedDataKey()).isNotEqualTo(before.wrappedDataKey());
    assertThat(envelope.open(rewrapped, SecretBinding.of(ACME, NAME, 1)).revealUtf8()).isEqualTo(SENTINEL);
  }

  @Test
  void another_node_with_the_same_root_key_and_store_opens_what_this_one_sealed_even_after_rotation() {
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));
    TinkEnvelope otherNode = new TinkEnvelope(SecretBytes.of(rootKey.reveal()), keks, InstantSource.system());
    otherNode.primaryKekId(); // loads the ring
    envelope.rotate();
    SealedValue sealedAfterRotation = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 2));

    assertThat(otherNode.open(sealed, SecretBinding.of(ACME, NAME, 1)).revealUtf8()).isEqualTo(SENTINEL);
    assertThat(otherNode.open(sealedAfterRotation, SecretBinding.of(ACME, NAME, 2)).revealUtf8())
        .as("an unknown KEK id makes the other node re-read the ring").isEqualTo(SENTINEL);
  }

  @Test
  void the_keks_are_useless_without_the_root_key() {
    envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));
    TinkEnvelope wrongRoot = new TinkEnvelope(RootKeys.generate(), keks, InstantSource.system());

    assertThatThrownBy(wrongRoot::primaryKekId).isInstanceOf(IllegalStateException.class).hasMessageContaining("configured root key (environment)");
  }

  @Test
  void the_root_key_itself_is_rotated_by_a_keyset_holding_both_keys_then_a_rotation() throws Exception {
    com.google.crypto.tink.aead.AeadConfig.register();
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(SENTINEL), SecretBinding.of(ACME, NAME, 1));
    com.google.crypto.tink.KeysetHandle oldRoot = RootKeys.parse(rootKey);
    com.google.crypto.tink.KeysetHandle newRoot = com.google.crypto.tink.KeysetHandle.generateNew(
        com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM, com.google.crypto.tink.aead.AeadConfig2026.get());
    com.google.crypto.tink.KeysetHandle both = com.google.crypto.tink.KeysetHandle.newBuilder(newRoot)
        .addEntry(com.google.crypto.tink.KeysetHandle.importKey(oldRoot.getAt(0).getKey()).withFixedId(oldRoot.getAt(0).getId())).build();
    String bothJson = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(both, com.google.crypto.tink.InsecureSecretKeyAccess.get());
    String newOnlyJson = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(newRoot, com.google.crypto.tink.InsecureSecretKeyAccess.get());

    TinkEnvelope duringMigration = new TinkEnvelope(SecretBytes.ofUtf8(bothJson), keks, InstantSource.system());
    duringMigration.rotate();
    TinkEnvelope afterMigration = new TinkEnvelope(SecretBytes.ofUtf8(newOnlyJson), keks, InstantSource.system());

    assertThat(afterMigration.open(sealed, SecretBinding.of(ACME, NAME, 1)).revealUtf8()).as("old root key no longer needed").isEqualTo(SENTINEL);
    assertThatThrownBy(() -> new TinkEnvelope(rootKey, keks, InstantSource.system()).primaryKekId())
        .as("the old root key alone no longer opens the KEKs").isInstanceOf(IllegalStateException.class);
  }

  static final class ListKekStore implements KekStore {
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
}
