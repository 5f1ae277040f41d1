package dev.portcullis.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static Session obtained(Duration lifetime) {
    return new Session("sid", new TenantId("t"), "c", "alice", new IdentityClaims(Optional.empty(), Optional.empty(), List.of()), Set.of(),
        new SealedValue(new byte[] {1}, new byte[] {2}, "k"), T0.plus(lifetime), T0, T0, T0.plusSeconds(43_200), Optional.empty());
  }

  @Test
  void a_long_lived_upstream_token_is_renewed_a_minute_before_it_expires() {
    assertThat(obtained(Duration.ofHours(1)).upstreamRenewalDueAt(Duration.ofSeconds(60))).isEqualTo(T0.plusSeconds(3_540));
  }

  @Test
  void a_token_shorter_than_the_window_is_renewed_at_half_its_life_so_a_fresh_renewal_is_not_renewed_again() {
    assertThat(obtained(Duration.ofSeconds(30)).upstreamRenewalDueAt(Duration.ofSeconds(60))).isEqualTo(T0.plusSeconds(15));
    assertThat(obtained(Duration.ofSeconds(100)).upstreamRenewalDueAt(Duration.ofSeconds(60))).isEqualTo(T0.plusSeconds(50));
  }
}
