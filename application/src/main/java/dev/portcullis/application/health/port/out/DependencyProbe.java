package dev.portcullis.application.health.port.out;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Asks one configured dependency (Postgres, Redis, an upstream provider) whether it answers. An
 * adapter bounds its own probe with a timeout and never throws: an outage is a {@link Down}.
 * Readiness runs every probe in parallel and stops waiting after {@link #BUDGET} in any case.
 */
public interface DependencyProbe {
  /** How long one probe may take, retries included: readiness answers within about this long. */
  Duration BUDGET = Duration.ofSeconds(2);

  /** Below this much time left, a failed first attempt is not retried. */
  Duration MIN_RETRY = Duration.ofMillis(50);

  String name();

  Result probe();

  sealed interface Result {}

  record Up(Duration latency) implements Result {}

  record Down(String reason) implements Result {}

  /** One attempt at the dependency, which must give up after {@code timeout} and throws when it does not answer. */
  @FunctionalInterface
  interface Attempt {
    void run(Duration timeout) throws Throwable;
  }

  /**
   * Runs {@code attempt} up to twice within {@code budget} in total: after an outage a pool may still
   * hand out a connection that died with it; the first attempt evicts it (it fails fast), and only a
   * second failure means the dependency is down. The second attempt gets what is left of the budget,
   * so a dependency that hangs costs {@code budget}, not twice that. Never throws (but for VM errors).
   */
  static Result checkTwice(Duration budget, Attempt attempt) {
    long deadline = System.nanoTime() + budget.toNanos();
    Result first = attempt(attempt, budget);
    if (first instanceof Up) {
      return first;
    }
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    return left.compareTo(MIN_RETRY) < 0 ? first : attempt(attempt, left);
  }

  private static Result attempt(Attempt attempt, Duration timeout) {
    long start = System.nanoTime();
    try {
      attempt.run(timeout);
      return new Up(Duration.ofNanos(System.nanoTime() - start));
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) { // Future.await() rethrows checked failures; some clients' errors are bare Throwables
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root instanceof TimeoutException) {
        return new Down("no answer within " + timeout.toMillis() + " ms");
      }
      return new Down(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }
  }
}
