package dev.portcullis.adapter.postgres;

import dev.portcullis.application.shared.port.out.Transactions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/** One database transaction per unit of work, bound to the calling thread (see {@link PgConnections}). */
public final class PgTransactions implements Transactions {
  private final PgConnections connections;

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
    connections.afterCommit(action);
  }

  private <T> T run(Supplier<T> work) {
    SqlConnection connection = connections.pool().getConnection().await();
    java.util.List<Runnable> hooks;
    T result;
    try {
      Transaction transaction = connection.begin().await();
      hooks = connections.bind(connection);
      try {
        result = work.get();
      } catch (Throwable failure) { // Future.await() can rethrow checked exceptions unchecked
        rollbackQuietly(transaction, failure);
        throw failure;
      } finally {
        connections.unbind();
      }
      transaction.commit().await();
    } catch (Throwable failure) {
      closeQuietly(connection, failure);
      throw failure;
    }
    closeQuietly(connection, null); // committed: a failure to hand the connection back must not skip the actions below
    Transactions.runEach(hooks); // after the connection is back: an action may need one of its own (the audit link does)
    return result;
  }

  private static void closeQuietly(SqlConnection connection, Throwable cause) {
    try {
      connection.close().await();
    } catch (Throwable closeFailure) {
      if (cause != null) {
        cause.addSuppressed(closeFailure);
      }
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
