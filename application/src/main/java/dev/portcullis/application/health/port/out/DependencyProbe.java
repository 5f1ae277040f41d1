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

  /**
   * Runs {@code check} (which throws when the dependency does not answer) up to twice: after an
   * outage a pool may still hand out a connection that died with it; the first attempt evicts it,
   * and only a second failure means the dependency is down. Never throws (but for VM errors).
   */
  static Result checkTwice(Runnable check) {
    Result first = attempt(check);
    return first instanceof Down ? attempt(check) : first;
  }

  private static Result attempt(Runnable check) {
    long start = System.nanoTime();
    try {
      check.run();
      return new Up(Duration.ofNanos(System.nanoTime() - start));
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) { // Future.await() rethrows checked failures; some clients' errors are bare Throwables
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new Down(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }
  }
}
