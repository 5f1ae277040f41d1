package dev.portcullis.domain.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.domain.shared.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"db-password", "prod/db/password", "API_KEY.v2", "a"})
  void accepts_names_of_the_allowed_characters(String name) {
    assertThat(new SecretName(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "../etc/passwd", "a..b", "semi;colon", "ünïcode"})
  void rejects_anything_else_saying_what_is_allowed(String name) {
    assertThatThrownBy(() -> new SecretName(name)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-256 characters");
  }

  @Test
  void rejects_names_longer_than_256() {
    assertThatThrownBy(() -> new SecretName("a".repeat(257))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new SecretName("a".repeat(256)).value()).hasSize(256);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme", "acme_corp", "", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde"})
  void tenants_are_lowercase_letters_digits_and_dashes(String tenant) {
    assertThatThrownBy(() -> new TenantId(tenant)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a-z, 0-9");
  }

  @Test
  void the_binding_differs_by_tenant_name_and_version() {
    TenantId a = new TenantId("a");
    SecretName n = new SecretName("n");

    assertThat(SecretBinding.of(a, n, 1)).isNotEqualTo(SecretBinding.of(new TenantId("b"), n, 1))
        .isNotEqualTo(SecretBinding.of(a, new SecretName("m"), 1))
        .isNotEqualTo(SecretBinding.of(a, n, 2));
  }
}
