package dev.portcullis.application.health.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link CheckReadiness}: each dependency check, each optional feature, and what they
 * mean for traffic ({@link #state()}).
 */
public record ReadinessReport(Instant checkedAt, State state, List<Check> checks, List<FeatureState> features) {
  /**
   * Whether this node should get traffic, and how well it serves.
   *
   * <ul>
   *   <li>{@code READY}: every configured dependency answers.
   *   <li>{@code DEGRADED}: a dependency the core paths do not need is down; the node serves everything
   *       else, and {@link #unavailable()} says what it cannot do. Still ready: the same outage hits every
   *       node, so taking them all out of the balancer would only turn a partial outage into a total one.
   *   <li>{@code NOT_READY}: a required dependency is down; the node cannot serve its core paths.
   *   <li>{@code DRAINING}: the node is shutting down; it still answers, but should get no new traffic.
   * </ul>
   */
  public enum State {
    READY,
    DEGRADED,
    NOT_READY,
    DRAINING
  }

  public ReadinessReport {
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(state, "state");
    checks = List.copyOf(checks);
    features = List.copyOf(features);
  }

  /** A report whose state follows from its checks (every check's {@link Check#required()} decides). */
  public ReadinessReport(Instant checkedAt, List<Check> checks, List<FeatureState> features) {
    this(checkedAt, stateOf(checks), checks, features);
  }

  /** The report of a node that is shutting down: no dependency is probed. */
  public static ReadinessReport draining(Instant checkedAt, List<FeatureState> features) {
    return new ReadinessReport(checkedAt, State.DRAINING, List.of(), features);
  }

  public static State stateOf(List<Check> checks) {
    if (checks.stream().anyMatch(c -> c.status() == Check.Status.DOWN && c.required())) {
      return State.NOT_READY;
    }
    return checks.stream().anyMatch(c -> c.status() == Check.Status.DOWN) ? State.DEGRADED : State.READY;
  }

  /** Ready for traffic: every required dependency answers and the node is not draining. Degraded features do not count. */
  public boolean ready() {
    return state == State.READY || state == State.DEGRADED;
  }

  /** What this node cannot do right now: everything the down dependencies carry, in check order, without repeats. */
  public List<String> unavailable() {
    return checks.stream().filter(c -> c.status() == Check.Status.DOWN).flatMap(c -> c.affects().stream()).distinct().toList();
  }

  /**
   * @param required whether the node can serve its core paths without this dependency: if not, its
   *     outage makes the node {@code NOT_READY}; otherwise only {@code DEGRADED}
   * @param affects what does not work while this dependency is down (stable identifiers such as
   *     {@code sessions}, {@code private_key_jwt})
   */
  public record Check(String name, Status status, Duration latency, String detail, boolean required, List<String> affects) {
    public enum Status {
      UP,
      DOWN
    }

    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(detail, "detail");
      affects = List.copyOf(affects);
    }

    /** A required dependency. */
    public Check(String name, Status status, Duration latency, String detail) {
      this(name, status, latency, detail, true, List.of());
    }
  }
}
