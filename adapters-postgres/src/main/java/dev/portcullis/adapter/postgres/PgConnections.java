package dev.portcullis.adapter.postgres;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.function.Function;
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
  private final java.time.Duration deadline;
  private final ThreadLocal<SqlConnection> bound = new ThreadLocal<>();
  private final ThreadLocal<TenantId> scopedTenant = new ThreadLocal<>();
  private final ThreadLocal<java.util.List<Runnable>> afterCommit = new ThreadLocal<>();

  @Inject
  public PgConnections(Pool pool) {
    this(pool, java.time.Duration.ofSeconds(5));
  }

  /** @param deadline the statement deadline the pool was built with ({@link PostgresModule}) */
  public PgConnections(Pool pool, java.time.Duration deadline) {
    this.pool = pool;
    this.deadline = deadline;
  }

  /** How long a statement may take, and so how long work queued for one may wait before it is an outage. */
  public java.time.Duration deadline() {
    return deadline;
  }

  /** The current transaction's connection, or the pool. */
  public SqlClient client() {
    SqlConnection connection = bound.get();
    return connection != null ? connection : pool;
  }

  public Pool pool() {
    return pool;
  }

  /** Whether the current thread is inside {@link PgTransactions#inTransaction}. */
  public boolean inTransaction() {
    return bound.get() != null;
  }

  SqlConnection boundConnection() {
    return bound.get();
  }

  /** Binds the transaction's connection to this thread; returns the list its after-commit actions collect in. */
  java.util.List<Runnable> bind(SqlConnection connection) {
    bound.set(connection);
    java.util.List<Runnable> hooks = new java.util.ArrayList<>();
    afterCommit.set(hooks);
    return hooks;
  }

  void unbind() {
    bound.remove();
    scopedTenant.remove();
    afterCommit.remove();
  }

  /**
   * Runs {@code action} once the transaction bound to this thread has committed (dropped if it rolls
   * back), or at once when there is none. Held here, beside the binding, so every store that joins a
   * transaction reaches the same list.
   */
  public void afterCommit(Runnable action) {
    java.util.List<Runnable> hooks = afterCommit.get();
    if (hooks == null) {
      action.run();
    } else {
      hooks.add(action);
    }
  }

  /**
   * One tenant-scoped statement in its own transaction, in one round trip and with a single wait on the
   * calling thread: BEGIN, the scope, {@code statement} and COMMIT go out together (if the scope or the
   * statement fails, the server refuses what follows and turns the COMMIT into a ROLLBACK). Joins the
   * current transaction instead when there is one.
   */
  public io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> queryInTenant(TenantId tenant, String statement, Tuple arguments) {
    if (bound.get() != null) {
      return inTenant(tenant, sql -> sql.preparedQuery(statement).execute(arguments).await());
    }
    return PgFailures.translate(() -> pool.withConnection(sql -> {
      sql.query("BEGIN").execute();
      io.vertx.core.Future<?> scoped = scopeAsync(sql, tenant);
      io.vertx.core.Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows = sql.preparedQuery(statement).execute(arguments);
      io.vertx.core.Future<?> committed = sql.query("COMMIT").execute();
      return scoped.compose(ignored -> rows).compose(result -> committed.map(result));
    }).await());
  }

  /**
   * {@code work} on a pooled connection in a transaction of the schema owner (no tenant scope: for system work
   * that names its tenants itself), with nobody waiting in between. BEGIN goes out ahead of whatever
   * {@code work} sends at once; {@code work} returns the future of its last statement (statements it sends
   * from callbacks belong in that future's chain); COMMIT follows when it succeeds, ROLLBACK when it fails.
   * BEGIN and COMMIT are plain statements, as in {@link #queryInTenant}.
   */
  public <T> io.vertx.core.Future<T> inSystemTransactionAsync(Function<SqlConnection, io.vertx.core.Future<T>> work) {
    return pool.withConnection(sql -> {
      sql.query("BEGIN").execute();
      io.vertx.core.Future<T> result;
      try {
        result = work.apply(sql);
      } catch (RuntimeException e) {
        result = io.vertx.core.Future.failedFuture(e);
      }
      return result.transform(outcome -> sql.query(outcome.succeeded() ? "COMMIT" : "ROLLBACK").execute()
          .transform(ended -> outcome.failed() ? io.vertx.core.Future.<T>failedFuture(outcome.cause())
              : ended.failed() ? io.vertx.core.Future.<T>failedFuture(ended.cause()) : io.vertx.core.Future.succeededFuture(outcome.result())));
    });
  }

  /**
   * Runs {@code work} on a connection restricted to one tenant: {@code SET LOCAL ROLE
   * portcullis_tenant} plus {@code portcullis.tenant}, so row-level security hides every other
   * tenant's rows. Joins the current transaction if there is one, else runs in its own.
   */
  public <T> T inTenant(TenantId tenant, Function<SqlConnection, T> work) {
    SqlConnection connection = bound.get();
    if (connection != null) {
      TenantId current = scopedTenant.get();
      if (current == null) {
        // not awaited: the work's first statement goes out right behind it, and if the scope failed the aborted
        // transaction refuses that statement and everything after it
        scopeAsync(connection, tenant);
        scopedTenant.set(tenant);
      } else if (!current.equals(tenant)) {
        throw new IllegalStateException("one transaction cannot span two tenants");
      }
      return work.apply(connection);
    }
    return PgFailures.translate(() -> {
      SqlConnection own = pool.getConnection().await();
      try {
        // BEGIN and the scope statement are pipelined: one round trip instead of two.
        io.vertx.core.Future<Transaction> begun = own.begin();
        io.vertx.core.Future<?> scoped = scopeAsync(own, tenant);
        Transaction transaction = begun.await();
        T result;
        try {
          scoped.await();
          result = work.apply(own);
        } catch (Throwable failure) {
          try {
            transaction.rollback().await();
          } catch (Throwable rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
          }
          throw failure;
        }
        transaction.commit().await();
        return result;
      } finally {
        own.close().await();
      }
    });
  }

  /** {@code SET LOCAL ROLE portcullis_tenant} and the tenant, in one statement. */
  private static io.vertx.core.Future<?> scopeAsync(SqlConnection connection, TenantId tenant) {
    return connection.preparedQuery("SELECT set_config('role', 'portcullis_tenant', true), set_config('portcullis.tenant', $1, true)")
        .execute(Tuple.of(tenant.value()));
  }
}
