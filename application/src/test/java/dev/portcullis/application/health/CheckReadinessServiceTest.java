package dev.portcullis.application.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.health.CheckReadinessService.Dependency;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import dev.portcullis.application.health.port.in.ReadinessReport.Check;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckReadinessServiceTest {
  private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private final List<FeatureState> features = List.of(new FeatureState("broker", FeatureState.State.DISABLED, "not configured"));

  @Test
  void ready_when_every_dependency_answers() {
    var service = new CheckReadinessService(List.of(probe("postgres", new DependencyProbe.Up(Duration.ofMillis(3)))), () -> features, clock);

    ReadinessReport report = service.check();

    assertThat(report.ready()).isTrue();
    assertThat(report.checks()).containsExactly(new Check("postgres", Check.Status.UP, Duration.ofMillis(3), "answers"));
    assertThat(report.checkedAt()).isEqualTo(clock.instant());
  }

  @Test
  void not_ready_when_one_dependency_is_down_and_the_reason_is_reported() {
    var service = new CheckReadinessService(
        List.of(probe("postgres", new DependencyProbe.Up(Duration.ZERO)), probe("redis", new DependencyProbe.Down("connection refused"))),
        () -> features, clock);

    ReadinessReport report = service.check();

    assertThat(report.ready()).isFalse();
    assertThat(report.checks()).extracting(Check::name, Check::status, Check::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("postgres", Check.Status.UP, "answers"),
            org.assertj.core.groups.Tuple.tuple("redis", Check.Status.DOWN, "connection refused"));
  }

  @Test
  void disabled_features_are_reported_but_do_not_make_the_node_unready() {
    var service = new CheckReadinessService(List.of(), () -> features, clock);

    ReadinessReport report = service.check();

    assertThat(report.ready()).isTrue();
    assertThat(report.features()).containsExactlyElementsOf(features);
  }

  @Test
  void a_degraded_feature_such_as_the_crypto_fallback_is_reported_but_does_not_make_the_node_unready() {
    FeatureState fallback = new FeatureState("crypto_provider", FeatureState.State.DEGRADED, "BC 1.84 (ACCP unavailable: UnsatisfiedLinkError)");
    var service = new CheckReadinessService(List.of(probe("postgres", new DependencyProbe.Up(Duration.ZERO))), () -> List.of(fallback), clock);

    ReadinessReport report = service.check();

    assertThat(report.ready()).isTrue();
    assertThat(report.features()).containsExactly(fallback);
  }

  @Test
  void an_optional_dependency_down_leaves_the_node_ready_but_degraded_and_says_what_is_unavailable() {
    var service = new CheckReadinessService(List.of(
        Dependency.required(probe("postgres", new DependencyProbe.Up(Duration.ZERO)), List.of("token_issuance")),
        Dependency.optional(probe("redis", new DependencyProbe.Down("connection refused")), List.of("private_key_jwt", "sessions"))),
        () -> features, clock, Duration.ofSeconds(2));

    ReadinessReport report = service.check();

    assertThat(report.ready()).isTrue();
    assertThat(report.state()).isEqualTo(ReadinessReport.State.DEGRADED);
    assertThat(report.unavailable()).containsExactly("private_key_jwt", "sessions");
    assertThat(report.checks().get(1)).extracting(Check::status, Check::required, Check::detail)
        .containsExactly(Check.Status.DOWN, false, "connection refused");
  }

  @Test
  void a_required_dependency_down_makes_the_node_not_ready_whatever_the_optional_ones_say() {
    var service = new CheckReadinessService(List.of(
        Dependency.required(probe("postgres", new DependencyProbe.Down("no answer within 2000 ms")), List.of("token_issuance")),
        Dependency.optional(probe("redis", new DependencyProbe.Up(Duration.ZERO)), List.of("sessions"))),
        () -> features, clock, Duration.ofSeconds(2));

    ReadinessReport report = service.check();

    assertThat(report.ready()).isFalse();
    assertThat(report.state()).isEqualTo(ReadinessReport.State.NOT_READY);
    assertThat(report.unavailable()).containsExactly("token_issuance");
  }

  @Test
  void probes_run_in_parallel() {
    // each probe answers only once all three have started: one after the other, none would answer in time
    CountDownLatch allStarted = new CountDownLatch(3);
    List<Dependency> dependencies = java.util.stream.IntStream.range(0, 3)
        .mapToObj(i -> Dependency.required(probe("dep" + i, () -> {
          allStarted.countDown();
          return await(allStarted, Duration.ofSeconds(5)) ? new DependencyProbe.Up(Duration.ZERO) : new DependencyProbe.Down("alone");
        }), List.of()))
        .toList();
    var service = new CheckReadinessService(dependencies, () -> features, clock, Duration.ofSeconds(10));

    ReadinessReport report = service.check();

    assertThat(report.checks()).extracting(Check::status).containsOnly(Check.Status.UP);
  }

  @Test
  void hanging_probes_are_reported_down_once_the_budget_is_spent_so_the_answer_is_bounded() {
    CountDownLatch never = new CountDownLatch(1);
    List<Dependency> dependencies = List.of(
        Dependency.required(probe("postgres", () -> hang(never)), List.of("token_issuance")),
        Dependency.optional(probe("redis", () -> hang(never)), List.of("sessions")));
    var service = new CheckReadinessService(dependencies, () -> { hang(never); return features; }, clock, Duration.ofMillis(200));
    long start = System.nanoTime();

    ReadinessReport report = service.check();

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("one bound for all, not one per probe").isLessThan(Duration.ofMillis(200).plus(CheckReadinessService.SLACK).plusMillis(300));
    assertThat(report.state()).isEqualTo(ReadinessReport.State.NOT_READY);
    assertThat(report.checks()).extracting(Check::status).containsOnly(Check.Status.DOWN);
    assertThat(report.checks()).extracting(Check::detail).containsOnly("no answer within 350 ms");
    assertThat(report.features()).extracting(FeatureState::name, FeatureState::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("features", FeatureState.State.DEGRADED));
  }

  @Test
  void a_probe_that_throws_despite_its_contract_is_reported_down() {
    var service = new CheckReadinessService(List.of(probe("postgres", () -> { throw new IllegalStateException("bug"); })), () -> features, clock);

    ReadinessReport report = service.check();

    assertThat(report.checks()).extracting(Check::status, Check::detail).containsExactly(org.assertj.core.groups.Tuple.tuple(Check.Status.DOWN, "IllegalStateException"));
  }

  @Test
  void the_feature_named_after_a_down_dependency_is_reported_degraded_with_what_is_unavailable() {
    FeatureState redis = new FeatureState("redis", FeatureState.State.ENABLED, "shared caches");
    var service = new CheckReadinessService(List.of(
        Dependency.optional(probe("redis", new DependencyProbe.Down("no answer within 2000 ms")), List.of("private_key_jwt"))),
        () -> List.of(redis), clock, Duration.ofSeconds(2));

    ReadinessReport report = service.check();

    assertThat(report.features()).containsExactly(new FeatureState("redis", FeatureState.State.DEGRADED,
        "redis is down (no answer within 2000 ms); unavailable: private_key_jwt"));
  }

  @Test
  void once_draining_it_answers_not_ready_at_once_without_probing() {
    AtomicInteger probed = new AtomicInteger();
    var service = new CheckReadinessService(List.of(probe("postgres", () -> {
      probed.incrementAndGet();
      return new DependencyProbe.Up(Duration.ZERO);
    })), () -> features, clock);
    assertThat(service.check().ready()).isTrue();

    service.begin();
    ReadinessReport report = service.check();

    assertThat(service.draining()).isTrue();
    assertThat(report.ready()).isFalse();
    assertThat(report.state()).isEqualTo(ReadinessReport.State.DRAINING);
    assertThat(report.checks()).isEmpty();
    assertThat(probed).hasValue(1);
  }

  private static boolean await(CountDownLatch latch, Duration limit) {
    try {
      return latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A dependency that never answers (until the service gives up on it and interrupts the probe). */
  private static DependencyProbe.Result hang(CountDownLatch never) {
    await(never, Duration.ofMinutes(1));
    return new DependencyProbe.Down("interrupted");
  }

  private static DependencyProbe probe(String name, java.util.function.Supplier<DependencyProbe.Result> result) {
    return new DependencyProbe() {
      @Override public String name() { return name; }
      @Override public DependencyProbe.Result probe() { return result.get(); }
    };
  }

  private static DependencyProbe probe(String name, DependencyProbe.Result result) {
    return new DependencyProbe() {
      @Override public String name() { return name; }
      @Override public DependencyProbe.Result probe() { return result; }
    };
  }
}
