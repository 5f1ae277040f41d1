package dev.portcullis.application.health.port.out;

import java.time.Duration;

/**
 * Asks one configured dependency (Postgres, Redis, an upstream provider) whether it answers. An
 * adapter bounds its own probe with a timeout and never throws: an outage is a {@link Down}.
 */
public interface DependencyProbe {
  String name();

  Result probe();

  sealed interface Result {}

  record Up(Duration latency) implements Result {}

  record Down(String reason) implements Result {}
}
