package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.FailureCounter;
import dev.portcullis.application.shared.port.out.FailureCounterContract;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisFailureCounterIT implements FailureCounterContract {
  private static Vertx vertx;
  private static RedisFailureCounter counter;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url()).setMaxPoolSize(16).setMaxPoolWaiting(256)));
    counter = new RedisFailureCounter(api, new RedisKeys(TestRedis.get().keyPrefix()));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Override
  public FailureCounter counter() {
    return counter;
  }
}
