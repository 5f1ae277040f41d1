package dev.portcullis.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Once per key across nodes: two "nodes" (two instances) share one lease store, as they share Postgres or Redis. */
class LeasedRefreshTest {
  private final Map<String, Instant> leases = new ConcurrentHashMap<>();
  private final LeasedRefresh.Lease<String> lease = LeasedRefresh.Lease.of(
      (key, until, now) -> leases.compute(key, (k, held) -> held == null || !held.isAfter(now) ? until : held) == until, leases::remove);
  private final AtomicReference<String> stored = new AtomicReference<>("old");
  private final AtomicInteger refreshes = new AtomicInteger();

  private LeasedRefresh<String, String> node() {
    return new LeasedRefresh<>(lease, Duration.ofSeconds(15), Duration.ofSeconds(10), InstantSource.system(), Suspension.PLAIN);
  }

  private String refresh() {
    refreshes.incrementAndGet();
    try {
      Thread.sleep(100); // the provider takes its time: everybody else arrives meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stored.set("new");
    return "new";
  }

  private Optional<String> settled() {
    return "new".equals(stored.get()) ? Optional.of("new") : Optional.empty();
  }

  @Test
  void thirty_two_callers_on_two_nodes_refresh_once_and_all_get_the_result() throws Exception {
    LeasedRefresh<String, String> a = node();
    LeasedRefresh<String, String> b = node();
    AtomicInteger turn = new AtomicInteger();

    List<String> answers = Race.of(32, () -> (turn.incrementAndGet() % 2 == 0 ? a : b).run("con_1", this::settled, this::refresh, () -> "too long"));

    assertThat(refreshes).hasValue(1);
    assertThat(answers).hasSize(32).containsOnly("new");
    assertThat(leases).as("the lease is released").isEmpty();
  }

  @Test
  void a_holder_that_never_settles_makes_the_others_give_up_after_the_wait_not_hang() {
    LeasedRefresh<String, String> impatient = new LeasedRefresh<>(lease, Duration.ofSeconds(15), Duration.ofMillis(200), InstantSource.system(),
        Suspension.PLAIN);
    leases.put("con_2", Instant.now().plusSeconds(15)); // another node holds it and is stuck

    long started = System.nanoTime();
    String answer = impatient.run("con_2", Optional::empty, this::refresh, () -> "too long");

    assertThat(answer).isEqualTo("too long");
    assertThat(refreshes).hasValue(0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }
}
