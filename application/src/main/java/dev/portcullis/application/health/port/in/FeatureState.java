package dev.portcullis.application.health.port.in;

import java.util.Objects;

/**
 * An optional feature (the BFF broker's upstream IdP, a remote key resolver, ...). A feature that
 * lacks its configuration is {@code DISABLED} and the service still runs; one whose dependency
 * fails at runtime is {@code DEGRADED}. Neither makes the service unready.
 */
public record FeatureState(String name, State state, String detail) {
  public enum State {
    ENABLED,
    DISABLED,
    DEGRADED
  }

  public FeatureState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
  }
}
