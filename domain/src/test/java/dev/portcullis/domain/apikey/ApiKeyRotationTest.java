package dev.portcullis.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyRotationTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration GRACE = Duration.ofHours(24);

  private static ApiKey key(Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<String> rotatedTo) {
    return new ApiKey("0123456789abcdef", new TenantId("acme"), "ci", Set.of("secrets:read"), new ApiKeyIdentity("ci", Optional.empty(), Optional.empty(),
        List.of()), List.of(), expiresAt, NOW.minus(Duration.ofDays(3)), Optional.empty(), revokedAt, new byte[32], "pk", "fp", rotatedTo);
  }

  @Test
  void a_rotated_key_points_at_its_successor_and_lives_for_the_grace_period() {
    ApiKey.Rotation rotation = key(Optional.empty(), Optional.empty(), Optional.empty()).rotate("fedcba9876543210", NOW, GRACE);

    assertThat(rotation).isInstanceOfSatisfying(ApiKey.Rotation.Rotated.class, rotated -> {
      assertThat(rotated.previous().rotatedTo()).contains("fedcba9876543210");
      assertThat(rotated.previous().expiresAt()).contains(NOW.plus(GRACE));
      assertThat(rotated.previous().usableAt(NOW.plus(GRACE).minusSeconds(1))).isTrue();
      assertThat(rotated.previous().usableAt(NOW.plus(GRACE))).isFalse();
    });
  }

  @Test
  void the_grace_period_never_extends_a_key_that_expires_sooner() {
    Instant soon = NOW.plus(Duration.ofHours(1));
    ApiKey.Rotation rotation = key(Optional.of(soon), Optional.empty(), Optional.empty()).rotate("fedcba9876543210", NOW, GRACE);

    assertThat(rotation).isInstanceOfSatisfying(ApiKey.Rotation.Rotated.class, rotated -> assertThat(rotated.previous().expiresAt()).contains(soon));
  }

  @Test
  void a_revoked_or_expired_key_cannot_be_rotated() {
    assertThat(key(Optional.empty(), Optional.of(NOW.minusSeconds(1)), Optional.empty()).rotate("fedcba9876543210", NOW, GRACE))
        .isInstanceOf(ApiKey.Rotation.Refused.class);
    assertThat(key(Optional.of(NOW), Optional.empty(), Optional.empty()).rotate("fedcba9876543210", NOW, GRACE))
        .isInstanceOf(ApiKey.Rotation.Refused.class);
  }

  @Test
  void a_key_is_rotated_once_and_the_refusal_names_its_successor() {
    ApiKey.Rotation rotation = key(Optional.of(NOW.plus(GRACE)), Optional.empty(), Optional.of("1111222233334444")).rotate("fedcba9876543210", NOW, GRACE);

    assertThat(rotation).isInstanceOfSatisfying(ApiKey.Rotation.Refused.class, refused -> assertThat(refused.reason()).contains("1111222233334444"));
  }
}
