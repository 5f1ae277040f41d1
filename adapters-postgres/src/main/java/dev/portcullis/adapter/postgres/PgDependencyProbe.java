package dev.portcullis.adapter.postgres;

import dev.portcullis.application.health.port.out.DependencyProbe;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/** Readiness of Postgres: a {@code SELECT 1} over the pool, retried once, both attempts within {@link DependencyProbe#BUDGET} (2 s) in total. */
public final class PgDependencyProbe implements DependencyProbe {
  private final Pool pool;

  @Inject
  public PgDependencyProbe(Pool pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Result probe() {
    return DependencyProbe.checkTwice(BUDGET, timeout -> pool.query("SELECT 1").execute().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).await());
  }
}
