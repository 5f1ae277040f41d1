package dev.portcullis.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RotatedHereTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final RotatedHere memory = new RotatedHere();

  private static Session session(Instant expiresAt, Optional<Instant> endedAt) {
    return new Session("2.sid", new TenantId("shop"), "spa", "alice", new IdentityClaims(Optional.empty(), Optional.empty(), List.of()), Set.of("openid"),
        new SealedValue(new byte[] {1}, new byte[] {2}, "kek"), T0.plusSeconds(300), T0, T0, expiresAt, endedAt);
  }

  private static RefreshToken token(int n, Instant expiresAt) {
    return new RefreshToken(ByteBuffer.allocate(32).putInt(n).array(), "2.sid", "spa", expiresAt);
  }

  @Test
  void a_successor_is_taken_once() {
    memory.remember(token(1, T0.plusSeconds(3_600)), session(T0.plusSeconds(3_600), Optional.empty()));

    assertThat(memory.take(token(1, T0).hash(), T0)).hasValueSatisfying(found -> assertThat(found.token().clientId()).isEqualTo("spa"));
    assertThat(memory.take(token(1, T0).hash(), T0)).isEmpty();
    assertThat(memory.take(token(2, T0).hash(), T0)).as("never handed out here").isEmpty();
  }

  @Test
  void an_expired_token_or_a_session_over_by_what_was_read_is_not_answered_from_memory() {
    memory.remember(token(1, T0.plusSeconds(10)), session(T0.plusSeconds(3_600), Optional.empty()));
    memory.remember(token(2, T0.plusSeconds(3_600)), session(T0.plusSeconds(10), Optional.empty()));
    memory.remember(token(3, T0.plusSeconds(3_600)), session(T0.plusSeconds(3_600), Optional.of(T0)));

    assertThat(memory.take(token(1, T0).hash(), T0.plusSeconds(10))).isEmpty();
    assertThat(memory.take(token(2, T0).hash(), T0.plusSeconds(10))).isEmpty();
    assertThat(memory.take(token(3, T0).hash(), T0.plusSeconds(1))).isEmpty();
    assertThat(memory.size()).as("taken all the same").isZero();
  }

  @Test
  void beyond_its_capacity_the_oldest_successors_go_first() {
    Session session = session(T0.plusSeconds(3_600), Optional.empty());
    for (int n = 0; n <= RotatedHere.CAPACITY; n++) {
      memory.remember(token(n, T0.plusSeconds(3_600)), session);
    }

    assertThat(memory.size()).isEqualTo(RotatedHere.CAPACITY);
    assertThat(memory.take(token(0, T0).hash(), T0)).as("the oldest").isEmpty();
    assertThat(memory.take(token(1, T0).hash(), T0)).isPresent();
    assertThat(memory.take(token(RotatedHere.CAPACITY, T0).hash(), T0)).as("the newest").isPresent();
  }
}
