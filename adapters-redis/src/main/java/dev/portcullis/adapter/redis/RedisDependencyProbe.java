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

  @Override
  public Result probe() {
    return DependencyProbe.checkTwice(() -> redis.ping(List.of()).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await());
  }
}
