package dev.portcullis.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final String SENTINEL = "sentinel-7c1e9a0f-secret";

  @Test
  void to_string_never_shows_the_value() {
    SecretBytes secret = SecretBytes.ofUtf8(SENTINEL);

    String printed = secret + " " + String.valueOf(secret) + " " + java.util.List.of(secret);

    assertThat(printed).doesNotContain(SENTINEL).contains("[REDACTED]");
  }

  @Test
  void matches_compares_values_not_identity() {
    SecretBytes secret = SecretBytes.ofUtf8(SENTINEL);

    assertThat(secret.matches(SecretBytes.ofUtf8(SENTINEL))).isTrue();
    assertThat(secret.matches(SecretBytes.ofUtf8(SENTINEL + "x"))).isFalse();
    assertThat(secret).isEqualTo(SecretBytes.ofUtf8(SENTINEL));
  }

  @Test
  void reveal_returns_a_copy_that_cannot_change_the_secret() {
    SecretBytes secret = SecretBytes.ofUtf8("abc");

    secret.reveal()[0] = 'z';

    assertThat(secret.revealUtf8()).isEqualTo("abc");
  }

  @Test
  void a_destroyed_secret_can_no_longer_be_read_or_matched() {
    SecretBytes secret = SecretBytes.ofUtf8(SENTINEL);

    secret.destroy();

    assertThat(secret.matches(SecretBytes.ofUtf8(SENTINEL))).isFalse();
    assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void empty_secret_material_is_rejected() {
    assertThatThrownBy(() -> SecretBytes.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
