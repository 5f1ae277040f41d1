package dev.portcullis.adapter.postgres;

import dev.portcullis.adapter.postgres.apikey.PgApiKeyStore;
import dev.portcullis.adapter.postgres.audit.PgAuditLog;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.audit.port.out.AuditLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.TransactionsContract;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async-boundary spike, kept as a test: synchronous application code on a (virtual) thread, a
 * Postgres transaction spanning two statements through {@link Transactions}, adapters awaiting the
 * Vert.x futures. See docs/architecture.md, "Async boundary".
 */
class PgTransactionsIT implements TransactionsContract {
  private static Vertx vertx;
  private static Pool pool;
  private static PgConnections connections;
  private static PgTransactions transactions;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(TestPostgres.get().connectOptions()).using(vertx).build();
    connections = new PgConnections(pool);
    transactions = new PgTransactions(connections);
    pool.query("CREATE TABLE IF NOT EXISTS spike_accounts (name text PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0))").execute().await();
  }

  @AfterAll
  static void close() {
    pool.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void seed() {
    pool.query("TRUNCATE spike_accounts").execute().await();
    pool.query("INSERT INTO spike_accounts VALUES ('alice', 100), ('bob', 0)").execute().await();
  }

  private final PgTransactions contractTransactions = new PgTransactions(PgTestDatabase.connections()); // on the migrated test database
  private final PgAuditLog auditLog = new PgAuditLog(PgTestDatabase.connections());
  private final PgApiKeyStore apiKeys = new PgApiKeyStore(PgTestDatabase.connections());

  @Override
  public Transactions transactions() {
    return contractTransactions;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  @Test
  void two_statements_in_one_transaction_commit_together() {
    transactions.inTransaction(() -> transfer("alice", "bob", 30));

    assertThat(balance("alice")).isEqualTo(70);
    assertThat(balance("bob")).isEqualTo(30);
  }

  @Test
  void when_the_second_statement_fails_the_first_is_rolled_back() {
    assertThatThrownBy(() -> transactions.inTransaction(() -> transfer("bob", "alice", 50)))
        .hasMessageContaining("spike_accounts_balance_check");

    assertThat(balance("alice")).isEqualTo(100);
    assertThat(balance("bob")).isEqualTo(0);
  }

  @Test
  void an_exception_after_both_statements_rolls_both_back() {
    assertThatThrownBy(() -> transactions.inTransaction(() -> {
      transfer("alice", "bob", 10);
      throw new IllegalStateException("business rule says no");
    })).hasMessage("business rule says no");

    assertThat(balance("alice")).isEqualTo(100);
  }

  @Test
  void statements_outside_a_transaction_do_not_see_its_uncommitted_writes() {
    Integer seenFromOutside = transactions.inTransaction(() -> {
      transfer("alice", "bob", 10);
      return CompletableFuture.supplyAsync(() -> balance("alice")).join(); // another thread: the pool
    });

    assertThat(seenFromOutside).isEqualTo(100);
    assertThat(balance("alice")).isEqualTo(90);
  }

  @Test
  void runs_the_same_way_on_a_vertx_virtual_thread_as_the_http_verticle_does() throws Exception {
    CompletableFuture<String> threadSeen = new CompletableFuture<>();
    String deployment = vertx.deployVerticle(new VerticleBase() {
      @Override
      public io.vertx.core.Future<?> start() {
        Promise<Void> started = Promise.promise();
        started.complete();
        vertx.getOrCreateContext().runOnContext(v -> {
          try {
            transactions.inTransaction(() -> transfer("alice", "bob", 5));
            threadSeen.complete((Thread.currentThread().isVirtual() ? "virtual" : "platform"));
          } catch (RuntimeException e) {
            threadSeen.completeExceptionally(e);
          }
        });
        return started.future();
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)).await();

    assertThat(threadSeen.get(10, TimeUnit.SECONDS)).isEqualTo("virtual");
    assertThat(balance("bob")).isEqualTo(5);
    vertx.undeploy(deployment).await();
  }

  private static Void transfer(String from, String to, int amount) {
    connections.client().preparedQuery("UPDATE spike_accounts SET balance = balance + $2 WHERE name = $1").execute(Tuple.of(to, amount)).await();
    connections.client().preparedQuery("UPDATE spike_accounts SET balance = balance - $2 WHERE name = $1").execute(Tuple.of(from, amount)).await();
    return null;
  }

  private static int balance(String name) {
    return pool.preparedQuery("SELECT balance FROM spike_accounts WHERE name = $1").execute(Tuple.of(name)).await().iterator().next().getInteger(0);
  }
}
