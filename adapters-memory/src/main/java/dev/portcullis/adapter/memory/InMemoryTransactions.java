package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Transactions;
import java.util.function.Supplier;

/**
 * Transactions for the in-memory stores of {@code dev} mode and fast tests. Each in-memory store
 * makes its own operations atomic; this twin runs the work and passes results and failures through
 * unchanged, which is what the shared contract asks of it.
 */
public final class InMemoryTransactions implements Transactions {
  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return work.get();
  }

  /** Every in-memory change is visible at once, so there is nothing to wait for. */
  @Override
  public void afterCommit(Runnable action) {
    action.run();
  }
}
