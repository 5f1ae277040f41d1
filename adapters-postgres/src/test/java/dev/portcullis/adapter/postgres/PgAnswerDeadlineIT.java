package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A database that stops answering fails the statement waiting on a pooled connection within the
 * deadline: the client's own read-idle timeout does not (PgAnswerDeadline), and a statement on a live
 * connection would otherwise wait forever — a hang for any caller without a deadline of its own
 * (the CLI, background jobs, an embedding product).
 */
class PgAnswerDeadlineIT {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void a_statement_on_a_live_connection_to_a_database_that_stopped_answering_fails_within_the_deadline() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestPostgres db = TestPostgres.get();
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port())) {
      Pool pool = pool(vertx, db, proxy);
      SqlConnection connection = pool.getConnection().await();
      connection.query("SELECT 1").execute().await();

      proxy.blackhole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> connection.query("SELECT 2").execute().timeout(10, java.util.concurrent.TimeUnit.SECONDS).await())
          .isNotInstanceOf(io.vertx.core.impl.NoStackTraceTimeoutException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      proxy.restore();

      assertThat(took).as("the 1 s statement deadline plus the 0.5 s margin, not the 10 s guard").isLessThan(Duration.ofSeconds(5));
      assertThat(pool.query("SELECT 3").execute().await().iterator().next().getInteger(0)).as("the pool heals with a new connection").isEqualTo(3);
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_slow_statement_is_cancelled_by_the_server_first_and_the_connection_stays_usable() {
    Vertx vertx = Vertx.vertx();
    TestPostgres db = TestPostgres.get();
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port())) {
      Pool pool = pool(vertx, db, proxy);
      SqlConnection connection = pool.getConnection().await();
      assertThatThrownBy(() -> connection.query("SELECT pg_sleep(3)").execute().await()).hasMessageContaining("statement timeout");
      assertThat(connection.query("SELECT 4").execute().await().iterator().next().getInteger(0)).isEqualTo(4);
      connection.close().await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  private static Pool pool(Vertx vertx, TestPostgres db, TcpProxy proxy) {
    PostgresModule module = new PostgresModule(db.connectOptions().setHost("127.0.0.1").setPort(proxy.port()), new PoolOptions().setMaxSize(2), QUERY_TIMEOUT);
    return Guice.createInjector(binder -> binder.bind(Vertx.class).toInstance(vertx), module).getInstance(Pool.class);
  }
}
