package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Transactions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Transactions for the in-memory stores of {@code dev} mode and fast tests, with the contract's
 * all-or-nothing: every in-memory store reports how to take back each change it makes on a thread that
 * runs a unit of work ({@link #undoable}), and a unit that fails takes its changes back, newest first,
 * before the failure reaches the caller. After-commit actions run only once the unit succeeded.
 *
 * <p>What the twin does not do is isolate concurrent units: another thread sees a change before the
 * unit commits (Postgres would not), and a rollback restores the values this unit replaced. That is
 * enough for one process in {@code dev} mode and for tests, which is all this twin is for.
 */
public final class InMemoryTransactions implements Transactions {
  private static final ThreadLocal<Unit> CURRENT = new ThreadLocal<>();

  private static final class Unit {
    final Deque<Runnable> undo = new ArrayDeque<>();
    final List<Runnable> afterCommit = new ArrayList<>();
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (CURRENT.get() != null) {
      return work.get(); // nested: join the outer unit of work
    }
    Unit unit = new Unit();
    CURRENT.set(unit);
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error failure) {
      CURRENT.remove();
      unit.undo.forEach(Runnable::run); // pushed newest first
      throw failure;
    }
    CURRENT.remove();
    Transactions.runEach(unit.afterCommit);
    return result;
  }

  @Override
  public void afterCommit(Runnable action) {
    Unit unit = CURRENT.get();
    if (unit == null) {
      action.run(); // no unit of work on this thread: nothing to wait for
    } else {
      unit.afterCommit.add(action);
    }
  }

  /** For the in-memory stores: how to take back a change just made, if a unit of work is open on this thread. */
  public static void undoable(Runnable undo) {
    Unit unit = CURRENT.get();
    if (unit != null) {
      unit.undo.push(undo);
    }
  }

  /** {@link #undoable} for a map entry: {@code previous} back in place, or the key removed when it had none. */
  public static <K, V> void replaced(Map<K, V> map, K key, V previous) {
    undoable(() -> {
      if (previous == null) {
        map.remove(key);
      } else {
        map.put(key, previous);
      }
    });
  }
}
