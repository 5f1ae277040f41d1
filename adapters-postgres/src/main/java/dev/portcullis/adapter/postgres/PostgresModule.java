package dev.portcullis.adapter.postgres;

import dev.portcullis.adapter.postgres.apikey.PgApiKeyStore;
import dev.portcullis.adapter.postgres.audit.PgAuditLog;
import dev.portcullis.adapter.postgres.connection.PgConnectionStore;
import dev.portcullis.adapter.postgres.connection.PgProviderStore;
import dev.portcullis.adapter.postgres.grant.PgClientStore;
import dev.portcullis.adapter.postgres.grant.PgReplayGuard;
import dev.portcullis.adapter.postgres.key.PgSigningKeyStore;
import dev.portcullis.adapter.postgres.secret.PgKekStore;
import dev.portcullis.adapter.postgres.secret.PgSecretStore;
import dev.portcullis.adapter.postgres.session.PgSessionStore;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Transactions;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Binds the ports Postgres implements. Builds the pool lazily; the lifecycle closes it. */
public final class PostgresModule extends AbstractModule {
  private final PgConnectOptions connectOptions;
  private final PoolOptions poolOptions;
  private final java.time.Duration queryTimeout;

  public PostgresModule(PgConnectOptions connectOptions, PoolOptions poolOptions) {
    this(connectOptions, poolOptions, java.time.Duration.ofSeconds(5));
  }

  /**
   * @param queryTimeout the deadline of every statement, both ends: the server cancels a statement that runs
   *     longer ({@code statement_timeout}) or sits in an open transaction ({@code idle_in_transaction_session_timeout}),
   *     and the client drops a connection that has not answered that long (a partition, a stuck primary), which
   *     fails the waiting statement — a 503 in bounded time instead of a hang
   */
  public PostgresModule(PgConnectOptions connectOptions, PoolOptions poolOptions, java.time.Duration queryTimeout) {
    // Prepared statements stay prepared on their connection: a refresh on Postgres then costs half the database work
    // (parse and plan once per connection, not per statement). Statements name their columns (StatementCacheIT says why).
    this.connectOptions = new PgConnectOptions(connectOptions).setCachePreparedStatements(true)
        .addProperty("statement_timeout", Long.toString(queryTimeout.toMillis()))
        .addProperty("idle_in_transaction_session_timeout", Long.toString(queryTimeout.toMillis()));
    this.poolOptions = new PoolOptions(poolOptions).setIdleTimeout((int) Math.max(1, queryTimeout.toMillis() / 2))
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    this.queryTimeout = queryTimeout;
  }

  /** The options every connection of the pool is opened with. */
  PgConnectOptions connectOptions() {
    return connectOptions;
  }

  @Override
  protected void configure() {
    bind(Transactions.class).to(PgTransactions.class);
    bind(SecretStore.class).to(PgSecretStore.class);
    bind(AuditLog.class).to(PgAuditLog.class);
    bind(KekStore.class).to(PgKekStore.class);
    bind(dev.portcullis.application.key.port.out.SigningKeyStore.class).to(PgSigningKeyStore.class);
    bind(dev.portcullis.application.grant.port.out.ClientStore.class).to(PgClientStore.class);
    bind(dev.portcullis.application.apikey.port.out.ApiKeyStore.class).to(PgApiKeyStore.class);
    bind(dev.portcullis.application.session.port.out.SessionStore.class).to(PgSessionStore.class);
    bind(dev.portcullis.application.connection.port.out.ProviderStore.class).to(PgProviderStore.class);
    bind(dev.portcullis.application.connection.port.out.ConnectionStore.class).to(PgConnectionStore.class);
    bind(dev.portcullis.application.grant.port.out.ReplayGuard.class).to(PgReplayGuard.class);
    bind(dev.portcullis.application.shared.port.out.InvalidationLog.class).to(PgInvalidationLog.class);
    bind(dev.portcullis.application.shared.port.out.DataMigrations.class).to(PgDataMigrations.class);
    Multibinder.newSetBinder(binder(), DependencyProbe.class).addBinding().to(PgDependencyProbe.class);
  }

  @Provides
  @Singleton
  Pool pool(Vertx vertx) {
    // A short connect timeout: an unreachable database must fail readiness probes fast, not hang them.
    NetClientOptions net = new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true);
    // Not readIdleTimeout: the client closes an idle connection gracefully, which waits for a server that may never answer
    // (PgAnswerDeadline says more). Each new connection gets our own answer deadline instead, a little past statement_timeout
    // so that a slow statement is cancelled by the server (a clean error, the connection kept) before the connection is cut here.
    java.time.Duration answerDeadline = queryTimeout.plus(java.time.Duration.ofMillis(500));
    return PgBuilder.pool().with(poolOptions).with(net).connectingTo(connectOptions).using(vertx)
        .withConnectHandler(connection -> PgAnswerDeadline.install(connection, answerDeadline)).build();
  }

  @Provides
  @Singleton
  PgConnections connections(Pool pool) {
    return new PgConnections(pool, queryTimeout);
  }

  @Provides
  @Singleton
  PgMigrations migrations(Pool pool) {
    return new PgMigrations(pool, Migration.fromClasspath(PgMigrations.PORTCULLIS));
  }
}
