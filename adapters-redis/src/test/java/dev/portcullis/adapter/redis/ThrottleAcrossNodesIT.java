package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.AuthenticationThrottle;
import dev.portcullis.application.shared.AuthenticationThrottle.Attempt;
import dev.portcullis.application.shared.port.out.FailureCounter;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.application.testing.Race;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes' throttles over one Redis: each node judges a source with every node's counts as the shared counter
 * last answered it — at its own last failure, or at a lookup at most 100 ms ago — not with a round trip per
 * attempt, and the limit still holds across them: exceeded only by attempts a node admits before it hears
 * of the other nodes' latest failures.
 */
class ThrottleAcrossNodesIT {
  private static final int LIMIT = 10;
  private static Vertx vertx;
  private static RedisAPI api;
  private final MutableClock clock = MutableClock.startingAt("2026-12-01T10:00:30Z"); // mid-window: one fixed window holds the whole test
  private final String prefix = TestRedis.get().keyPrefix() + UUID.randomUUID() + ":";
  private final RedisFailureCounter shared = new RedisFailureCounter(api, new RedisKeys(prefix));

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url()).setMaxPoolSize(16).setMaxPoolWaiting(256)));
    // Connections opened and the script loaded before the tests: a first round trip slower than the counter's
    // 250 ms deadline would make a node fall back to its own counts, which is another test's subject
    api.ping(List.of()).await();
    new RedisFailureCounter(api, new RedisKeys(TestRedis.get().keyPrefix() + "warm-up:")).record(List.of("src:warm-up"), Duration.ofMinutes(1), Instant.now());
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  /** A node: the shared counter, and counts of its own in memory. */
  private AuthenticationThrottle node() {
    return new AuthenticationThrottle(shared, new OwnCounts(), clock, new AuthenticationThrottle.Limits(LIMIT, 1_000, Duration.ofMinutes(1)));
  }

  /** A node's own counts, as on a server (the memory adapter is not a dependency of this module). */
  private static final class OwnCounts implements FailureCounter {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public Counts record(List<String> keys, Duration window, Instant now) {
      keys.forEach(key -> counts.computeIfAbsent(FailureCounter.windowOf(now, window) + key, k -> new AtomicLong()).incrementAndGet());
      return counts(keys, window, now);
    }

    @Override
    public Counts counts(List<String> keys, Duration window, Instant now) {
      long index = FailureCounter.windowOf(now, window);
      return new Counts(read(keys, index), read(keys, index - 1));
    }

    private List<Long> read(List<String> keys, long index) {
      return keys.stream().map(key -> counts.getOrDefault(index + key, new AtomicLong()).get()).toList();
    }
  }

  private static boolean tryAndFail(AuthenticationThrottle node, Attempt attempt) {
    if (node.wait(attempt).isPresent()) {
      return false;
    }
    node.failedHere(attempt);
    node.failedEverywhere(attempt);
    return true;
  }

  @Test
  void an_attacker_taking_turns_on_three_nodes_gets_at_most_one_attempt_per_other_node_beyond_the_limit() {
    List<AuthenticationThrottle> nodes = List.of(node(), node(), node());
    Attempt attacker = new Attempt("198.51.100.1", Optional.of("client:victim"));
    int admitted = 0;
    for (int i = 0; i < 150; i++) { // all within one instant: what a node learned never ages here
      if (tryAndFail(nodes.get(i % 3), attacker)) {
        admitted++;
      }
    }

    assertThat(admitted).as("the limit, plus what each node admits while it has not yet seen the other two's last failures")
        .isBetween(LIMIT, LIMIT + 2);
    assertThat(nodes).allSatisfy(node -> assertThat(node.wait(attacker)).as("all refuse now").isPresent());
  }

  @Test
  void a_node_sees_the_other_nodes_failures_within_100_ms_without_failing_again() {
    AuthenticationThrottle a = node();
    List<AuthenticationThrottle> others = List.of(node(), node());
    Attempt attacker = new Attempt("198.51.100.3", Optional.empty());
    tryAndFail(a, attacker); // A learns: 1
    for (int i = 0; i < 100; i++) {
      tryAndFail(others.get(i % 2), attacker); // the others take the source to the limit
    }

    assertThat(a.wait(attacker)).as("A has not heard of them yet").isEmpty();
    clock.advance(Duration.ofMillis(101));
    assertThat(a.wait(attacker)).as("100 ms later it asks, and refuses").isPresent();
  }

  @Test
  void racing_attempts_on_two_nodes_are_held_to_the_limit_plus_twice_those_in_flight() throws Exception {
    List<AuthenticationThrottle> nodes = List.of(node(), node());
    Attempt attacker = new Attempt("198.51.100.2", Optional.empty());
    AtomicInteger thread = new AtomicInteger();
    int threads = 8;

    List<Integer> admitted = Race.of(threads, () -> {
      AuthenticationThrottle node = nodes.get(thread.getAndIncrement() % 2);
      int mine = 0;
      for (int i = 0; i < 200; i++) {
        if (tryAndFail(node, attacker)) {
          mine++;
        }
      }
      return mine;
    });

    int total = admitted.stream().mapToInt(Integer::intValue).sum();
    // Beyond the limit: attempts checked before any in flight had failed (as with a lookup per attempt), and
    // once more each, judged with counts learned before the other node's last failures
    assertThat(total).as("the limit plus at most twice the attempts in flight").isBetween(LIMIT, LIMIT + 2 * threads);
  }
}
