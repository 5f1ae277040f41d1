package dev.portcullis.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.domain.secret.SecretMetadata;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnicodeTextTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "grüße", "pair \ud83d\ude00 ok", "\ud83d\ude00", "中文"})
  void text_without_unpaired_surrogates_is_well_formed(String text) {
    assertThat(UnicodeText.isWellFormed(text)).isTrue();
    assertThat(UnicodeText.requireWellFormed("value", text)).isSameAs(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud800", "a\ud800b", "\udc00", "x\udc00\ud800", "\ud83d", "end\ud83d", "\ude00start"})
  void an_unpaired_surrogate_is_refused_naming_the_field_but_not_the_text(String text) {
    assertThat(UnicodeText.isWellFormed(text)).isFalse();
    assertThatThrownBy(() -> UnicodeText.requireWellFormed("value", text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value ").hasMessageContaining("surrogate").hasMessageNotContaining(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"description", "created_by"})
  void secret_metadata_refuses_an_unpaired_surrogate_in_its_text_fields(String field) {
    String broken = "sentinel\ud800";

    assertThatThrownBy(() -> new SecretMetadata(field.equals("description") ? broken : "", Set.of(), field.equals("created_by") ? broken : ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field + " ").hasMessageNotContaining("sentinel");
  }
}
