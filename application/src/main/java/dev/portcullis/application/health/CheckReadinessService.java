package dev.portcullis.application.health;

import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.Drain;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import dev.portcullis.application.health.port.in.ReadinessReport.Check;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Probes every configured dependency in parallel and reports them with the state of optional
 * features. Each probe bounds itself ({@link DependencyProbe#BUDGET}); this service stops waiting
 * shortly after that in any case, so the answer comes within about two seconds even if every
 * dependency hangs. Once {@link #begin() draining}, it answers at once without probing.
 */
public final class CheckReadinessService implements CheckReadiness, Drain {
  /** How much longer than a probe's own budget this service waits before it reports the probe as hanging. */
  static final Duration SLACK = Duration.ofMillis(150);

  /**
   * A configured dependency and what its outage means.
   *
   * @param required the node cannot serve its core paths without it: its outage makes the node not ready
   * @param affects what does not work while it is down (reported, and listed as unavailable)
   */
  public record Dependency(DependencyProbe probe, boolean required, List<String> affects) {
    public Dependency {
      Objects.requireNonNull(probe, "probe");
      affects = List.copyOf(affects);
    }

    public static Dependency required(DependencyProbe probe, List<String> affects) {
      return new Dependency(probe, true, affects);
    }

    public static Dependency optional(DependencyProbe probe, List<String> affects) {
      return new Dependency(probe, false, affects);
    }
  }

  private final List<Dependency> dependencies;
  private final FeatureCatalog features;
  private final InstantSource clock;
  private final Duration bound;
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Every probe is a required dependency, bounded by {@link DependencyProbe#BUDGET}. */
  public CheckReadinessService(List<DependencyProbe> probes, FeatureCatalog features, InstantSource clock) {
    this(probes.stream().map(p -> Dependency.required(p, List.of())).toList(), features, clock, DependencyProbe.BUDGET);
  }

  /** @param budget what each probe may take; the service waits {@link #SLACK} longer, then reports it down */
  public CheckReadinessService(List<Dependency> dependencies, FeatureCatalog features, InstantSource clock, Duration budget) {
    this.dependencies = List.copyOf(dependencies);
    this.features = features;
    this.clock = clock;
    this.bound = budget.plus(SLACK);
  }

  @Override
  public void begin() {
    draining.set(true);
  }

  @Override
  public boolean draining() {
    return draining.get();
  }

  @Override
  public ReadinessReport check() {
    if (draining.get()) {
      return ReadinessReport.draining(clock.instant(), List.of());
    }
    long deadline = System.nanoTime() + bound.toNanos();
    List<Running<Check>> probes = dependencies.stream().map(d -> start("readiness-" + d.probe().name(), () -> run(d))).toList();
    Running<List<FeatureState>> catalog = start("readiness-features", features::features);
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Dependency dependency = dependencies.get(i);
      checks.add(probes.get(i).await(deadline, bound, reason -> new Check(dependency.probe().name(), Check.Status.DOWN, bound,
          reason, dependency.required(), dependency.affects())));
    }
    List<FeatureState> featureStates = catalog.await(deadline, bound,
        reason -> List.of(new FeatureState("features", FeatureState.State.DEGRADED, "not evaluated: " + reason)));
    return new ReadinessReport(clock.instant(), ReadinessReport.stateOf(checks), checks, degradeFeaturesOfDownDependencies(featureStates, checks));
  }

  private static Check run(Dependency dependency) {
    DependencyProbe probe = dependency.probe();
    long start = System.nanoTime();
    DependencyProbe.Result result;
    try {
      result = probe.probe();
    } catch (RuntimeException e) { // the port says never; a bug must not turn readiness into a 500
      result = new DependencyProbe.Down(e.getClass().getSimpleName());
    }
    return switch (result) {
      case DependencyProbe.Up up -> new Check(probe.name(), Check.Status.UP, up.latency(), "answers", dependency.required(), dependency.affects());
      case DependencyProbe.Down down -> new Check(probe.name(), Check.Status.DOWN, Duration.ofNanos(System.nanoTime() - start), down.reason(),
          dependency.required(), dependency.affects());
    };
  }

  /** A feature named after a dependency (Redis) is degraded while that dependency is down. */
  private static List<FeatureState> degradeFeaturesOfDownDependencies(List<FeatureState> features, List<Check> checks) {
    return features.stream().map(f -> checks.stream()
            .filter(c -> c.status() == Check.Status.DOWN && c.name().equals(f.name()) && f.state() == FeatureState.State.ENABLED)
            .findFirst()
            .map(c -> new FeatureState(f.name(), FeatureState.State.DEGRADED, c.name() + " is down (" + c.detail() + ")"
                + (c.affects().isEmpty() ? "" : "; unavailable: " + String.join(", ", c.affects()))))
            .orElse(f))
        .toList();
  }

  private static <T> Running<T> start(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = Thread.ofVirtual().name(name).start(() -> {
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    });
    return new Running<>(thread, result);
  }

  /** A probe on its own virtual thread: waited for until the shared deadline, then abandoned (and interrupted). */
  private record Running<T>(Thread thread, CompletableFuture<T> result) {
    T await(long deadline, Duration bound, Function<String, T> otherwise) {
      try {
        return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        thread.interrupt();
        return otherwise.apply("no answer within " + bound.toMillis() + " ms");
      } catch (ExecutionException e) {
        return otherwise.apply("failed: " + e.getCause().getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return otherwise.apply("interrupted");
      }
    }
  }
}
