package dev.portcullis.adapter.postgres;

import dev.portcullis.application.health.port.out.DependencyProbe;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Readiness of Postgres: a {@code SELECT 1} over the pool, bounded by a timeout. */
public final class PgDependencyProbe implements DependencyProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
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
    return DependencyProbe.checkTwice(() -> pool.query("SELECT 1").execute().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await());
  }
}
