package dev.portcullis.application.health.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DependencyProbeTest {

  @Test
  void a_dead_pooled_connection_that_fails_fast_is_retried_within_the_same_budget() {
    List<Duration> timeouts = new CopyOnWriteArrayList<>();

    DependencyProbe.Result result = DependencyProbe.checkTwice(Duration.ofSeconds(2), timeout -> {
      timeouts.add(timeout);
      if (timeouts.size() == 1) {
        throw new ConnectException("Connection closed");
      }
    });

    assertThat(result).isInstanceOf(DependencyProbe.Up.class);
    assertThat(timeouts).hasSize(2);
    assertThat(timeouts.get(0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(timeouts.get(1)).as("what is left of the budget").isLessThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1_500));
  }

  @Test
  void a_dependency_that_hangs_costs_one_budget_not_two() throws Exception {
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    CountDownLatch never = new CountDownLatch(1);
    long start = System.nanoTime();

    DependencyProbe.Result result = DependencyProbe.checkTwice(Duration.ofMillis(300), timeout -> {
      timeouts.add(timeout);
      if (!never.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) { // as an adapter's future.timeout(...) does
        throw new TimeoutException("The operation timed out");
      }
    });

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result).isEqualTo(new DependencyProbe.Down("no answer within 300 ms"));
    assertThat(timeouts).as("no time left for a second attempt").hasSize(1);
    assertThat(took).isLessThan(Duration.ofMillis(550));
  }

  @Test
  void the_reason_names_the_root_cause_of_a_failure() {
    DependencyProbe.Result result = DependencyProbe.checkTwice(Duration.ofSeconds(2), timeout -> {
      throw new IllegalStateException("wrapped", new ConnectException("Connection refused"));
    });

    assertThat(result).isEqualTo(new DependencyProbe.Down("ConnectException: Connection refused"));
  }
}
