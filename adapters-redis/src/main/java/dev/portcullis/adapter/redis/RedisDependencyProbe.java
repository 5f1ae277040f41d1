package dev.portcullis.adapter.redis;

import dev.portcullis.application.health.port.out.DependencyProbe;
import io.vertx.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Readiness of Redis: a {@code PING}, retried once, both attempts within {@link DependencyProbe#BUDGET} (2 s) in total. */
public final class RedisDependencyProbe implements DependencyProbe {
  private final RedisAPI redis;

  @Inject
  public RedisDependencyProbe(RedisAPI redis) {
    this.redis = redis;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Result probe() {
    return DependencyProbe.checkTwice(BUDGET, timeout -> redis.ping(List.of()).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).await());
  }
}
