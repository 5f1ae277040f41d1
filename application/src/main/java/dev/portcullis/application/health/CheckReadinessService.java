package dev.portcullis.application.health;

import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.ReadinessReport;
import dev.portcullis.application.health.port.in.ReadinessReport.Check;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** Probes every configured dependency and reports them with the state of optional features. */
public final class CheckReadinessService implements CheckReadiness {
  private final List<DependencyProbe> probes;
  private final FeatureCatalog features;
  private final InstantSource clock;

  public CheckReadinessService(List<DependencyProbe> probes, FeatureCatalog features, InstantSource clock) {
    this.probes = List.copyOf(probes);
    this.features = features;
    this.clock = clock;
  }

  @Override
  public ReadinessReport check() {
    List<Check> checks = probes.stream().map(CheckReadinessService::run).toList();
    return new ReadinessReport(clock.instant(), checks, features.features());
  }

  private static Check run(DependencyProbe probe) {
    return switch (probe.probe()) {
      case DependencyProbe.Up up -> new Check(probe.name(), Check.Status.UP, up.latency(), "answers");
      case DependencyProbe.Down down -> new Check(probe.name(), Check.Status.DOWN, Duration.ZERO, down.reason());
    };
  }
}
