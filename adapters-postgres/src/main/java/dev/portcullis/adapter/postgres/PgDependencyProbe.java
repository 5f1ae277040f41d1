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

  /**
   * Up to two attempts: after an outage the pool may still hand out a connection that died with it;
   * the first attempt evicts it, and only a second failure means the dependency is really down.
   */
  @Override
  public Result probe() {
    Result first = attempt();
    return first instanceof Down ? attempt() : first;
  }

  private Result attempt() {
    long start = System.nanoTime();
    try {
      pool.query("SELECT 1").execute().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await();
      return new Up(Duration.ofNanos(System.nanoTime() - start));
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) { // await() rethrows checked failures too; Redis errors are Throwables
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new Down(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }
  }
}
