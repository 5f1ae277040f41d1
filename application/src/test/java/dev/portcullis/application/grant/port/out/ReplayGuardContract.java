package dev.portcullis.application.grant.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link ReplayGuard} must do. Keys are unique per test, so stores need no reset. */
public interface ReplayGuardContract {
  ReplayGuard guard();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  default String key(String label) {
    return "jti:" + label + ":" + System.nanoTime();
  }

  @Test
  default void a_jti_is_accepted_once() {
    String jti = key("once");

    assertThat(guard().firstUse(jti, T0.plusSeconds(300), T0)).isTrue();
    assertThat(guard().firstUse(jti, T0.plusSeconds(300), T0.plusSeconds(10))).isFalse();
  }

  @Test
  default void a_jti_can_be_reused_after_it_expires() {
    String jti = key("expiry");
    guard().firstUse(jti, T0.plusSeconds(300), T0);

    assertThat(guard().firstUse(jti, T0.plusSeconds(700), T0.plusSeconds(301))).isTrue();
    assertThat(guard().firstUse(jti, T0.plusSeconds(700), T0.plusSeconds(302))).isFalse();
  }

  @Test
  default void purging_forgets_expired_keys_only() {
    String expired = key("purged");
    String live = key("kept");
    guard().firstUse(expired, T0.plusSeconds(10), T0);
    guard().firstUse(live, T0.plusSeconds(1000), T0);

    guard().purgeExpired(T0.plusSeconds(20));

    assertThat(guard().firstUse(live, T0.plusSeconds(1000), T0.plusSeconds(21))).as("still remembered").isFalse();
    assertThat(guard().firstUse(expired, T0.plusSeconds(100), T0.plusSeconds(21))).isTrue();
  }

  @Test
  default void a_key_is_refused_from_its_first_use_until_it_expires_and_usable_again_after() {
    String jti = key("seen");
    assertThat(guard().firstUse(jti, T0.plusSeconds(300), T0)).isTrue();

    assertThat(guard().firstUse(jti, T0.plusSeconds(600), T0.plusSeconds(299))).isFalse();
    assertThat(guard().firstUse(jti, T0.plusSeconds(600), T0.plusSeconds(300))).isTrue();
  }

  @Test
  default void different_keys_do_not_interfere() {
    assertThat(guard().firstUse(key("a"), T0.plusSeconds(60), T0)).isTrue();
    assertThat(guard().firstUse(key("b"), T0.plusSeconds(60), T0)).isTrue();
  }

  @Test
  default void parallel_claims_of_one_jti_have_exactly_one_winner() throws Exception {
    String jti = key("race");
    int threads = 16;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<Boolean>> claims = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        claims.add(pool.submit(() -> {
          start.await();
          return guard().firstUse(jti, T0.plusSeconds(300), T0);
        }));
      }
    }

    int winners = 0;
    for (Future<Boolean> claim : claims) {
      winners += claim.get() ? 1 : 0;
    }
    assertThat(winners).isEqualTo(1);
  }
}
