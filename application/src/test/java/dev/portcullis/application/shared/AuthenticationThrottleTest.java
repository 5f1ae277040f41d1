package dev.portcullis.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.AuthenticationThrottle.Attempt;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.FailureCounter;
import dev.portcullis.application.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The throttling rule: source first, credential only for sources that failed, nothing shared asked for clean traffic. */
class AuthenticationThrottleTest {
  private final MutableClock clock = MutableClock.startingAt("2026-12-01T10:00:00Z");
  private final Counter shared = new Counter();
  private final Counter local = new Counter();
  private final AuthenticationThrottle throttle = new AuthenticationThrottle(shared, local, clock, new AuthenticationThrottle.Limits(3, 5, Duration.ofMinutes(1)));

  static final class Counter implements FailureCounter {
    final Map<String, Long> counts = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean down;

    @Override
    public Counts record(List<String> keys, Duration window, Instant now) {
      if (down) {
        throw new DependencyUnavailable("redis", new IllegalStateException());
      }
      keys.forEach(k -> counts.merge(FailureCounter.windowOf(now, window) + k, 1L, Long::sum));
      return read(keys, window, now);
    }

    @Override
    public Counts counts(List<String> keys, Duration window, Instant now) {
      reads.incrementAndGet();
      if (down) {
        throw new DependencyUnavailable("redis", new IllegalStateException());
      }
      return read(keys, window, now);
    }

    private Counts read(List<String> keys, Duration window, Instant now) {
      long index = FailureCounter.windowOf(now, window);
      return new Counts(keys.stream().map(k -> counts.getOrDefault(index + k, 0L)).toList(),
          keys.stream().map(k -> counts.getOrDefault((index - 1) + k, 0L)).toList());
    }
  }

  /** Failures of other nodes: in the shared counter only. */
  private void failOnOtherNodes(int times, String... keys) {
    for (int i = 0; i < times; i++) {
      shared.record(List.of(keys), Duration.ofMinutes(1), clock.instant());
    }
  }

  private void fail(Attempt attempt) {
    throttle.failedHere(attempt);
    throttle.failedEverywhere(attempt);
  }

  @Test
  void clean_traffic_never_asks_the_shared_counter() {
    for (int i = 0; i < 100; i++) {
      assertThat(throttle.wait(new Attempt("10.0.0." + i, Optional.of("client:c" + i)))).isEmpty();
    }

    assertThat(shared.reads).hasValue(0);
  }

  @Test
  void a_source_that_failed_too_often_waits_until_the_window_ends() {
    Attempt attacker = new Attempt("10.0.0.1", Optional.of("client:victim"));
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.wait(attacker)).isEmpty();
      fail(attacker);
    }

    // three failures at the start of a window: 60 s in this one, then the weight of the last window falls
    // below the limit 20 s into the next (ceil(3 x 40/60) = 2 < 3): Retry-After says exactly when
    assertThat(throttle.wait(attacker)).hasValue(Duration.ofSeconds(80));
    clock.advance(Duration.ofMinutes(1));
    assertThat(throttle.wait(attacker)).as("a fixed window would forget here; the sliding one still counts the last minute").isPresent();
    assertThat(throttle.wait(attacker)).hasValue(Duration.ofSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    assertThat(throttle.wait(attacker)).as("when Retry-After said").isEmpty();
  }

  @Test
  void failures_just_before_a_window_boundary_still_count_just_after_it() {
    Attempt attacker = new Attempt("10.0.0.2", Optional.empty());
    clock.advance(Duration.ofSeconds(59));
    for (int i = 0; i < 3; i++) {
      fail(attacker);
    }

    clock.advance(Duration.ofSeconds(2)); // the next fixed window has begun

    assertThat(throttle.wait(attacker)).isPresent();
  }

  @Test
  void a_credential_under_attack_is_throttled_only_for_sources_that_failed() {
    for (int source = 0; source < 5; source++) {
      fail(new Attempt("10.0.1." + source, Optional.of("client:victim")));
    }

    assertThat(throttle.wait(new Attempt("10.0.1.0", Optional.of("client:victim")))).as("a failing source").isPresent();
    assertThat(throttle.wait(new Attempt("192.0.2.7", Optional.of("client:victim")))).as("the legitimate client elsewhere").isEmpty();
  }

  @Test
  void a_source_that_failed_here_costs_one_shared_lookup_per_100_ms_not_one_per_attempt() {
    Attempt attempt = new Attempt("10.0.0.3", Optional.of("client:c"));
    fail(attempt); // the record's answer: every node's counts, learned at 0 ms
    shared.reads.set(0);

    for (int i = 0; i < 100; i++) { // an attempt every 10 ms for a second
      clock.advance(Duration.ofMillis(10));
      assertThat(throttle.wait(attempt)).isEmpty();
    }

    assertThat(shared.reads).as("asked when what it learned was older than 100 ms: at 110, 220, ... 990 ms").hasValue(9);
  }

  @Test
  void an_attempt_while_this_nodes_last_failure_may_not_have_reached_the_shared_counter_asks_it() {
    Attempt attacker = new Attempt("10.0.0.6", Optional.empty());
    fail(attacker); // learned: 1 everywhere
    failOnOtherNodes(2, "src:10.0.0.6"); // other nodes' failures
    throttle.failedHere(attacker); // counted here; its shared record still on its way
    shared.reads.set(0);

    assertThat(throttle.wait(attacker)).as("what it learned is older than its last failure: it asks, and 3 is the limit").isPresent();
    assertThat(shared.reads).hasValue(1);
  }

  @Test
  void other_nodes_failures_count_here_within_100_ms() {
    Attempt attacker = new Attempt("10.0.0.7", Optional.of("client:victim"));
    fail(attacker); // this node learns: 1 everywhere
    failOnOtherNodes(2, "src:10.0.0.7", "cred:client:victim"); // 2 on other nodes: the limit of 3
    shared.reads.set(0);

    assertThat(throttle.wait(attacker)).as("what a node can miss: other nodes' failures since it learned, for up to 100 ms").isEmpty();
    clock.advance(Duration.ofMillis(101));
    assertThat(throttle.wait(attacker)).as("then it asks again").isPresent();
    assertThat(throttle.wait(attacker)).isPresent();
    assertThat(shared.reads).as("one lookup, learned for the next attempts").hasValue(1);
  }

  @Test
  void a_failure_here_teaches_this_node_every_nodes_count_at_once() {
    Attempt attacker = new Attempt("10.0.0.10", Optional.of("client:victim"));
    fail(attacker);
    failOnOtherNodes(2, "src:10.0.0.10", "cred:client:victim");

    fail(attacker); // the attempt it admitted failed: its record answers 4

    assertThat(throttle.wait(attacker)).as("refused from the next attempt on, without asking").isPresent();
    assertThat(shared.reads).hasValue(0);
  }

  @Test
  void a_credential_this_node_never_saw_fail_is_looked_up_not_taken_for_zero() {
    Attempt attacker = new Attempt("10.0.0.11", Optional.of("client:other"));
    fail(attacker); // the source is learned, with another credential
    for (int i = 0; i < 5; i++) {
      failOnOtherNodes(1, "src:203.0.113." + i, "cred:client:victim"); // the victim's limit, from other sources and nodes
    }
    shared.reads.set(0);

    assertThat(throttle.wait(new Attempt("10.0.0.11", Optional.of("client:victim")))).as("a failed source, a credential under attack").isPresent();
    assertThat(shared.reads).hasValue(1);
  }

  @Test
  void what_this_node_learned_just_before_a_window_boundary_still_counts_just_after_it() {
    Attempt attacker = new Attempt("10.0.0.8", Optional.empty());
    clock.advance(Duration.ofMillis(59_950));
    failOnOtherNodes(2, "src:10.0.0.8"); // another node's failures
    fail(attacker); // learns 3 in this window
    clock.advance(Duration.ofMillis(100)); // the next fixed window has begun; what it learned is 100 ms old

    assertThat(throttle.wait(attacker)).as("3 in the last window, weighted ~60/60: still the limit").isPresent();
    assertThat(shared.reads).hasValue(0);
  }

  @Test
  void a_flood_from_a_source_throttled_here_costs_the_shared_counter_nothing() {
    Attempt attacker = new Attempt("10.0.0.5", Optional.of("client:victim"));
    for (int i = 0; i < 3; i++) {
      fail(attacker);
    }
    shared.reads.set(0);

    for (int i = 0; i < 100; i++) {
      assertThat(throttle.wait(attacker)).isPresent();
    }

    assertThat(shared.reads).as("this node's own counts already refuse: no Redis round trip per refused request").hasValue(0);
  }

  @Test
  void failures_on_other_nodes_in_the_previous_window_count_here() {
    Attempt attacker = new Attempt("10.0.0.4", Optional.empty());
    clock.advance(Duration.ofSeconds(59));
    failOnOtherNodes(3, "src:10.0.0.4"); // another node's failures
    clock.advance(Duration.ofSeconds(2));
    throttle.failedHere(attacker); // one here, so this node asks the shared counter

    assertThat(throttle.wait(attacker)).as("3 in the last window (weight 59/60) + 1 now, read from the shared counter").isPresent();
  }

  @Test
  void when_the_shared_counter_is_down_this_nodes_counts_decide() {
    Attempt attacker = new Attempt("10.0.0.9", Optional.empty());
    shared.down = true;
    for (int i = 0; i < 3; i++) {
      fail(attacker);
    }

    assertThat(throttle.wait(attacker)).isPresent();
  }
}
