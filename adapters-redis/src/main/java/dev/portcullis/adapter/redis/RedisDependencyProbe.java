package dev.portcullis.adapter.redis;

import dev.portcullis.application.health.port.out.DependencyProbe;
import io.vertx.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Readiness of Redis: a {@code PING}, bounded by a timeout. */
public final class RedisDependencyProbe implements DependencyProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final RedisAPI redis;

  @Inject
  public RedisDependencyProbe(RedisAPI redis) {
    this.redis = redis;
  }

  @Override
  public String name() {
    return "redis";
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
      redis.ping(List.of()).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await();
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
