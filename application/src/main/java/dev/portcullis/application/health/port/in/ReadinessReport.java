package dev.portcullis.application.health.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The answer of {@link CheckReadiness}: each dependency check and each optional feature. */
public record ReadinessReport(Instant checkedAt, List<Check> checks, List<FeatureState> features) {
  public ReadinessReport {
    Objects.requireNonNull(checkedAt, "checkedAt");
    checks = List.copyOf(checks);
    features = List.copyOf(features);
  }

  /** Ready when no configured dependency is down. Disabled or degraded features do not count. */
  public boolean ready() {
    return checks.stream().noneMatch(c -> c.status() == Check.Status.DOWN);
  }

  public record Check(String name, Status status, Duration latency, String detail) {
    public enum Status {
      UP,
      DOWN
    }

    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
