package dev.portcullis.domain.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretWriteTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private static Optional<SecretRecord> at(int version, boolean deleted) {
    return Optional.of(new SecretRecord("id", new TenantId("acme"), new SecretName("db"), version, new SecretMetadata("", Set.of(), "admin"), T, T,
        deleted ? Optional.of(T) : Optional.empty()));
  }

  @Test
  void a_write_without_expectation_creates_version_1_or_appends_the_next() {
    assertThat(SecretWrite.decide(Optional.empty(), OptionalInt.empty())).isEqualTo(new SecretWrite.Append(1));
    assertThat(SecretWrite.decide(at(3, false), OptionalInt.empty())).isEqualTo(new SecretWrite.Append(4));
  }

  @Test
  void compare_and_set_appends_only_on_the_expected_version() {
    assertThat(SecretWrite.decide(at(3, false), OptionalInt.of(3))).isEqualTo(new SecretWrite.Append(4));
    assertThat(SecretWrite.decide(at(3, false), OptionalInt.of(2))).isEqualTo(new SecretWrite.Conflict(3));
    assertThat(SecretWrite.decide(Optional.empty(), OptionalInt.of(0))).as("expecting a version of nothing").isEqualTo(new SecretWrite.Missing());
  }

  @Test
  void a_deleted_secret_takes_no_version_until_it_is_restored() {
    assertThat(SecretWrite.decide(at(3, true), OptionalInt.empty())).isEqualTo(new SecretWrite.Deleted());
    assertThat(SecretWrite.decide(at(3, true), OptionalInt.of(3))).isEqualTo(new SecretWrite.Deleted());
  }
}
