package dev.portcullis.adapter.postgres;

import dev.portcullis.application.shared.port.out.Transactions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/** One database transaction per unit of work, bound to the calling thread (see {@link PgConnections}). */
public final class PgTransactions implements Transactions {
  private final PgConnections connections;
  private final ThreadLocal<java.util.List<Runnable>> afterCommit = new ThreadLocal<>();

  @Inject
  public PgTransactions(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (connections.boundConnection() != null) {
      return work.get(); // nested: join the outer transaction
    }
    return PgFailures.translate(() -> run(work));
  }

  @Override
  public void afterCommit(Runnable action) {
    java.util.List<Runnable> hooks = afterCommit.get();
    if (hooks == null) {
      action.run(); // no transaction on this thread: nothing to wait for
    } else {
      hooks.add(action);
    }
  }

  private <T> T run(Supplier<T> work) {
    SqlConnection connection = connections.pool().getConnection().await();
    java.util.List<Runnable> hooks = new java.util.ArrayList<>();
    try {
      Transaction transaction = connection.begin().await();
      connections.bind(connection);
      afterCommit.set(hooks);
      T result;
      try {
        result = work.get();
      } catch (Throwable failure) { // Future.await() can rethrow checked exceptions unchecked
        rollbackQuietly(transaction, failure);
        throw failure;
      } finally {
        connections.unbind();
        afterCommit.remove();
      }
      transaction.commit().await();
      hooks.forEach(Runnable::run);
      return result;
    } finally {
      connection.close().await();
    }
  }

  private static void rollbackQuietly(Transaction transaction, Throwable cause) {
    try {
      transaction.rollback().await();
    } catch (Throwable rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }
}
