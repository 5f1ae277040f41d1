package dev.portcullis.application.health.port.out;

import java.time.Duration;

/** Test helper for outage tests: readiness must notice within a bounded time, not necessarily on the next probe. */
public final class Probes {
  private Probes() {}

  public static DependencyProbe.Result probeUntil(DependencyProbe probe, Class<? extends DependencyProbe.Result> expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    DependencyProbe.Result result = probe.probe();
    while (!expected.isInstance(result) && System.nanoTime() < deadline) {
      result = probe.probe();
    }
    return result;
  }
}
