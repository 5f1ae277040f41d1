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
  private final ThreadLocal<SqlConnection> bound = new ThreadLocal<>();
  private final ThreadLocal<TenantId> scopedTenant = new ThreadLocal<>();

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

  /** Whether the current thread is inside {@link PgTransactions#inTransaction}. */
  public boolean inTransaction() {
    return bound.get() != null;
  }

  SqlConnection boundConnection() {
    return bound.get();
  }

  void bind(SqlConnection connection) {
    bound.set(connection);
  }

  void unbind() {
    bound.remove();
    scopedTenant.remove();
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
        scope(connection, tenant);
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

  /** {@code SET LOCAL ROLE portcullis_tenant} and the tenant, in one round trip. */
  private static void scope(SqlConnection connection, TenantId tenant) {
    scopeAsync(connection, tenant).await();
  }

  private static io.vertx.core.Future<?> scopeAsync(SqlConnection connection, TenantId tenant) {
    return connection.preparedQuery("SELECT set_config('role', 'portcullis_tenant', true), set_config('portcullis.tenant', $1, true)")
        .execute(Tuple.of(tenant.value()));
  }
}
