package dev.portcullis.application.shared.port.out;

import java.util.function.Supplier;

/**
 * Runs a unit of work atomically across the driven ports that share one store. Use cases call it
 * synchronously; the Postgres adapter binds one connection and one database transaction to the
 * calling (virtual) thread, so every store call inside {@code work} joins it. A nested call joins
 * the outer transaction. A runtime exception thrown by {@code work} rolls everything back and is
 * rethrown unchanged.
 */
public interface Transactions {
  <T> T inTransaction(Supplier<T> work);

  /**
   * Runs {@code action} once the current transaction has committed (never if it rolls back), or at once
   * when no transaction is open on this thread. For effects outside the store — telling other nodes —
   * that must not announce what might still be rolled back.
   */
  void afterCommit(Runnable action);

  /** How every adapter runs a committed unit's after-commit actions: each of them, even when an earlier one fails; the first failure is then rethrown. */
  static void runEach(java.util.List<Runnable> actions) {
    RuntimeException first = null;
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException failure) {
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
