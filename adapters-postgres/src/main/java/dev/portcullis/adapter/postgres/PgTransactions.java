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

  private <T> T run(Supplier<T> work) {
    SqlConnection connection = connections.pool().getConnection().await();
    try {
      Transaction transaction = connection.begin().await();
      connections.bind(connection);
      T result;
      try {
        result = work.get();
      } catch (Throwable failure) { // Future.await() can rethrow checked exceptions unchecked
        rollbackQuietly(transaction, failure);
        throw failure;
      } finally {
        connections.unbind();
      }
      transaction.commit().await();
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
