package dev.portcullis.application.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import dev.portcullis.application.health.port.in.ReadinessReport.Check;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.testing.MutableClock;
import java.time.Duration;
import java.util.List;
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

  private static DependencyProbe probe(String name, DependencyProbe.Result result) {
    return new DependencyProbe() {
      @Override public String name() { return name; }
      @Override public DependencyProbe.Result probe() { return result; }
    };
  }
}
