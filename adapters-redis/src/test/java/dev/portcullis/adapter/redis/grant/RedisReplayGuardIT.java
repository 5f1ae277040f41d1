package dev.portcullis.adapter.redis.grant;

import dev.portcullis.adapter.redis.RedisKeys;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.grant.port.out.ReplayGuardContract;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisReplayGuardIT implements ReplayGuardContract {
  private static Vertx vertx;
  private static RedisReplayGuard guard;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url()).setMaxPoolSize(16).setMaxPoolWaiting(256)));
    guard = new RedisReplayGuard(api, new RedisKeys(TestRedis.get().keyPrefix()));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Override
  public ReplayGuard guard() {
    return guard;
  }
}
