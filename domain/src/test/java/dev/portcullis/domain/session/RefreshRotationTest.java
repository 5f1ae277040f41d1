package dev.portcullis.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.domain.session.RefreshRotation.Presentation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshRotationTest {
  private static final Instant ROTATED = Instant.parse("2026-11-23T10:00:00Z");
  private final RefreshRotation rotation = new RefreshRotation(ROTATED);

  @Test
  void without_a_grace_window_every_second_presentation_is_reuse_even_one_observed_at_the_very_instant_or_before() {
    assertThat(rotation.presentedAgain(ROTATED, Duration.ZERO)).isEqualTo(Presentation.REUSE);
    assertThat(rotation.presentedAgain(ROTATED.minusMillis(5), Duration.ZERO)).as("another node's clock behind").isEqualTo(Presentation.REUSE);
    assertThat(rotation.presentedAgain(ROTATED.plusSeconds(3_600), Duration.ZERO)).isEqualTo(Presentation.REUSE);
  }

  @Test
  void within_the_grace_window_a_presentation_is_a_retry_and_after_it_reuse() {
    Duration grace = Duration.ofSeconds(10);

    assertThat(rotation.presentedAgain(ROTATED, grace)).isEqualTo(Presentation.RETRY);
    assertThat(rotation.presentedAgain(ROTATED.minusMillis(5), grace)).as("another node's clock behind").isEqualTo(Presentation.RETRY);
    assertThat(rotation.presentedAgain(ROTATED.plus(grace), grace)).as("the window's last instant").isEqualTo(Presentation.RETRY);
    assertThat(rotation.presentedAgain(ROTATED.plus(grace).plusNanos(1), grace)).isEqualTo(Presentation.REUSE);
  }

  @Test
  void a_negative_grace_window_is_a_programming_error() {
    assertThatThrownBy(() -> rotation.presentedAgain(ROTATED, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
