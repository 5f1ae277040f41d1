package dev.portcullis.adapter.postgres;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The pool, plus the connection of the transaction running on the current thread (if any). Every
 * Postgres store asks {@link #client()} for where to send its statements, so a store call inside
 * {@link PgTransactions#inTransaction} joins that transaction and one outside it uses the pool.
 *
 * <p>The binding is a thread-local: application code runs on one (virtual) thread per request and
 * {@code Future.await()} resumes that same thread, so the binding holds across awaits.
 */
@Singleton
public final class PgConnections {
  private final Pool pool;
  private final ThreadLocal<SqlConnection> bound = new ThreadLocal<>();

  @Inject
  public PgConnections(Pool pool) {
    this.pool = pool;
  }

  /** The current transaction's connection, or the pool. */
  public SqlClient client() {
    SqlConnection connection = bound.get();
    return connection != null ? connection : pool;
  }

  public Pool pool() {
    return pool;
  }

  SqlConnection boundConnection() {
    return bound.get();
  }

  void bind(SqlConnection connection) {
    bound.set(connection);
  }

  void unbind() {
    bound.remove();
  }
}
