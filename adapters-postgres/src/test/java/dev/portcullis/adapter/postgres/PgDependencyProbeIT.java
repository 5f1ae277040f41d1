package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
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
      DependencyProbe.Result during = probeUntil(probe, DependencyProbe.Down.class); // a pooled connection may finish one last query
      proxy.restore();
      DependencyProbe.Result after = probeUntil(probe, DependencyProbe.Up.class);

      assertThat(before).isInstanceOf(DependencyProbe.Up.class);
      assertThat(during).isInstanceOfSatisfying(DependencyProbe.Down.class, d -> assertThat(d.reason()).isNotBlank());
      assertThat(after).isInstanceOf(DependencyProbe.Up.class);
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  /** Readiness must notice within a couple of seconds; it need not be the very next probe. */
  private static DependencyProbe.Result probeUntil(DependencyProbe probe, Class<? extends DependencyProbe.Result> expected) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
    DependencyProbe.Result result = probe.probe();
    while (!expected.isInstance(result) && System.nanoTime() < deadline) {
      result = probe.probe();
    }
    return result;
  }
}
