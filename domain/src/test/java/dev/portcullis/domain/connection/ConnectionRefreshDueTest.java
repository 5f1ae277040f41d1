package dev.portcullis.domain.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionRefreshDueTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration BUFFER = Duration.ofSeconds(30);

  private static Connection expiringAt(Optional<Instant> expiry) {
    return new Connection("c1", new TenantId("acme"), "github", "authorization_code", Optional.empty(), Connection.Status.ACTIVE, Optional.empty(), expiry,
        Set.of(), Optional.empty(), NOW, NOW);
  }

  @Test
  void a_token_with_more_than_the_buffer_left_is_handed_out_as_it_is() {
    assertThat(expiringAt(Optional.of(NOW.plus(BUFFER).plusSeconds(1))).refreshDue(NOW, BUFFER)).isFalse();
  }

  @Test
  void a_token_within_the_buffer_of_its_expiry_is_refreshed_first() {
    assertThat(expiringAt(Optional.of(NOW.plus(BUFFER))).refreshDue(NOW, BUFFER)).isTrue();
    assertThat(expiringAt(Optional.of(NOW.minusSeconds(5))).refreshDue(NOW, BUFFER)).isTrue();
  }

  @Test
  void a_token_without_a_known_expiry_is_never_refreshed_ahead_of_time() {
    assertThat(expiringAt(Optional.empty()).refreshDue(NOW, BUFFER)).isFalse();
  }
}
