package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RootKey} adapter must do (the environment key and the PKCS#11 token both pass it):
 * a wrapped KEK opens only with the same binding and the same key, any change to it is tampering and
 * never a wrong plaintext, and the adapter recognises its own ciphertexts and no one else's.
 */
public interface RootKeyContract {
  byte[] KEK = "a-kek-keyset-sentinel-5c1e7a".getBytes(StandardCharsets.UTF_8);
  byte[] BINDING = "portcullis/kek/v1\u0000kek-1".getBytes(StandardCharsets.UTF_8);

  RootKey rootKey();

  /** Another key of the same provider (another token key, another environment key). */
  RootKey anotherRootKey();

  @Test
  default void a_wrapped_key_unwraps_with_the_same_binding() {
    byte[] wrapped = rootKey().wrap(KEK, BINDING);

    assertThat(rootKey().unwrap(wrapped, BINDING)).isEqualTo(KEK);
    assertThat(rootKey().wrote(wrapped)).isTrue();
  }

  @Test
  default void the_wrapped_form_hides_the_key_and_is_fresh_each_time() {
    byte[] first = rootKey().wrap(KEK, BINDING);
    byte[] second = rootKey().wrap(KEK, BINDING);

    assertThat(first).isNotEqualTo(second);
    assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("sentinel");
  }

  @Test
  default void a_key_moved_to_another_binding_is_refused() {
    byte[] wrapped = rootKey().wrap(KEK, BINDING);

    assertThatThrownBy(() -> rootKey().unwrap(wrapped, "portcullis/kek/v1\u0000kek-2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Envelope.TamperedValue.class);
  }

  @Test
  default void every_flipped_byte_is_tampering_never_a_wrong_key() {
    byte[] wrapped = rootKey().wrap(KEK, BINDING);
    for (int i = 0; i < wrapped.length; i++) {
      byte[] altered = wrapped.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> rootKey().unwrap(altered, BINDING)).as("byte %d flipped", i).isInstanceOf(Envelope.TamperedValue.class);
    }
  }

  @Test
  default void a_key_wrapped_by_another_root_key_is_refused() {
    byte[] foreign = anotherRootKey().wrap(KEK, BINDING);

    assertThatThrownBy(() -> rootKey().unwrap(foreign, BINDING)).isInstanceOf(Envelope.TamperedValue.class);
  }

  @Test
  default void a_round_trip_check_passes_when_the_provider_is_up() {
    rootKey().check();
  }
}
