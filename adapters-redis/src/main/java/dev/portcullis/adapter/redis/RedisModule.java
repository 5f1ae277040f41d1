package dev.portcullis.adapter.redis;

import dev.portcullis.adapter.redis.grant.RedisReplayGuard;
import dev.portcullis.adapter.redis.session.RedisSessionStore;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.application.health.port.out.DependencyProbe;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/**
 * Binds the ports Redis implements. The client is pooled: each command takes a connection from the
 * pool and a broken connection is replaced on the next command, so a Redis restart heals by itself.
 */
public final class RedisModule extends AbstractModule {
  private final String connectionString;
  private final String keyPrefix;
  private final boolean sessions;

  /** @param sessions keep the session broker's state in Redis too ({@code PORTCULLIS_SESSION_STORE=redis}) */
  public RedisModule(String connectionString, String keyPrefix, boolean sessions) {
    this.connectionString = connectionString;
    this.keyPrefix = keyPrefix;
    this.sessions = sessions;
  }

  @Override
  protected void configure() {
    bind(RedisKeys.class).toInstance(new RedisKeys(keyPrefix));
    bind(dev.portcullis.application.grant.port.out.ReplayGuard.class).to(RedisReplayGuard.class); // overrides Postgres's (see bootstrap)
    bind(dev.portcullis.application.shared.port.out.FailureCounter.class).to(RedisFailureCounter.class); // shared by every node
    if (sessions) {
      bind(dev.portcullis.application.session.port.out.SessionStore.class).to(RedisSessionStore.class); // overrides Postgres's
    }
    Multibinder.newSetBinder(binder(), DependencyProbe.class).addBinding().to(RedisDependencyProbe.class);
  }

  @Provides
  @Singleton
  Redis redis(Vertx vertx) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(connectionString)
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(1024)
        .setPoolRecycleTimeout(15_000)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true));
    return new RedisOutages(Redis.createClient(vertx, options));
  }

  @Provides
  @Singleton
  dev.portcullis.application.shared.port.out.Doorbell doorbell(Vertx vertx, RedisAPI redis, RedisKeys keys) {
    return new RedisDoorbell(vertx, redis, connectionString, keys); // overrides the silent one (see bootstrap)
  }

  @Provides
  @Singleton
  RedisAPI redisApi(Redis redis) {
    return RedisAPI.api(redis);
  }
}
