package dev.portcullis.domain.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningKeyRingTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(10);
  private static final Duration MAX_TOKEN = Duration.ofHours(1);

  private static SigningKey key(String kid, Instant created, Instant activeFrom) {
    return new SigningKey(kid, SigningAlgorithm.ES256, "{}", created, activeFrom, Optional.empty());
  }

  @Test
  void a_new_key_is_published_before_it_signs_and_the_old_one_signs_until_then() {
    List<SigningKey> keys = new ArrayList<>(List.of(key("old", T0, T0)));
    SigningKey successor = key("new", T0.plusSeconds(60), T0.plusSeconds(60).plus(OVERLAP));
    List<SigningKey> retired = SigningKeyRing.retiredBy(keys, successor);
    keys.clear();
    keys.addAll(retired);
    keys.add(successor);

    Instant duringOverlap = T0.plusSeconds(120);
    Instant afterOverlap = successor.activeFrom().plusSeconds(1);

    assertThat(SigningKeyRing.signer(keys, duringOverlap)).map(SigningKey::kid).hasValue("old");
    assertThat(SigningKeyRing.published(keys, duringOverlap, MAX_TOKEN)).extracting(SigningKey::kid).containsExactly("old", "new");
    assertThat(SigningKeyRing.signer(keys, afterOverlap)).map(SigningKey::kid).hasValue("new");
    assertThat(SigningKeyRing.published(keys, afterOverlap, MAX_TOKEN)).extracting(SigningKey::kid).containsExactly("old", "new");
  }

  @Test
  void a_retired_key_stays_published_until_every_token_it_signed_has_expired() {
    SigningKey retired = key("old", T0, T0).retired(T0.plusSeconds(600));

    assertThat(retired.publishedAt(T0.plusSeconds(600).plus(MAX_TOKEN).minusSeconds(1), MAX_TOKEN)).isTrue();
    assertThat(retired.publishedAt(T0.plusSeconds(600).plus(MAX_TOKEN), MAX_TOKEN)).isFalse();
    assertThat(retired.signsAt(T0.plusSeconds(600))).isFalse();
  }

  @Test
  void there_is_no_signer_before_the_first_key_activates() {
    assertThat(SigningKeyRing.signer(List.of(key("k", T0, T0.plusSeconds(5))), T0)).isEmpty();
  }
}
