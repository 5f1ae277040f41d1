package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.Probes;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PgDependencyProbeIT {

  @Test
  void reports_up_then_down_when_postgres_becomes_unreachable_then_up_again() {
    Vertx vertx = Vertx.vertx();
    TestPostgres db = TestPostgres.get();
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port())) {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(db.connectOptions().setHost("127.0.0.1").setPort(proxy.port())).using(vertx).build();
      PgDependencyProbe probe = new PgDependencyProbe(pool);

      DependencyProbe.Result before = probe.probe();
      proxy.cut();
      DependencyProbe.Result during = Probes.probeUntil(probe, DependencyProbe.Down.class); // a pooled connection may finish one last query
      proxy.restore();
      DependencyProbe.Result after = Probes.probeUntil(probe, DependencyProbe.Up.class);

      assertThat(before).isInstanceOf(DependencyProbe.Up.class);
      assertThat(during).isInstanceOfSatisfying(DependencyProbe.Down.class, d -> assertThat(d.reason()).isNotBlank());
      assertThat(after).isInstanceOf(DependencyProbe.Up.class);
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_postgres_that_accepts_connections_but_never_answers_is_down_within_the_budget_and_up_once_it_answers_again() {
    Vertx vertx = Vertx.vertx();
    TestPostgres db = TestPostgres.get();
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port())) {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(db.connectOptions().setHost("127.0.0.1").setPort(proxy.port())).using(vertx).build();
      PgDependencyProbe probe = new PgDependencyProbe(pool);
      assertThat(probe.probe()).isInstanceOf(DependencyProbe.Up.class);

      proxy.blackhole();
      long start = System.nanoTime();
      DependencyProbe.Result during = probe.probe();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      proxy.restore();
      DependencyProbe.Result after = Probes.probeUntil(probe, DependencyProbe.Up.class);

      assertThat(during).isEqualTo(new DependencyProbe.Down("no answer within 2000 ms"));
      assertThat(took).as("one budget, not one per attempt").isBetween(DependencyProbe.BUDGET, DependencyProbe.BUDGET.plusMillis(500));
      assertThat(after).isInstanceOf(DependencyProbe.Up.class);
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
