package dev.portcullis.adapter.redis.session;

import dev.portcullis.adapter.redis.RedisKeys;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.SessionStoreContract;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The session store contract, races included, on the real Redis (this run's key prefix). */
class RedisSessionStoreIT implements SessionStoreContract {
  private static Vertx vertx;
  private static RedisSessionStore store;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url()).setMaxPoolSize(16).setMaxPoolWaiting(256)));
    store = new RedisSessionStore(api, new RedisKeys(TestRedis.get().keyPrefix()));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Override
  public SessionStore store() {
    return store;
  }
}
