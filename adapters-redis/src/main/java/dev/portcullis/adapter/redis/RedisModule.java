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
 * Binds the ports Redis implements. Commands are pipelined over {@link #CONNECTIONS} long-lived
 * connections ({@link PipelinedConnections}); a connection that ends, fails or misses the command
 * deadline is replaced on the next command, so a Redis restart heals by itself.
 */
public final class RedisModule extends AbstractModule {
  /** Pipelined connections: two took most of what four gained at 32 callers without their loss at 8 (docs/performance.md). */
  public static final int CONNECTIONS = 2;
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
    return client(vertx, options(connectionString));
  }

  /** The client's settings (public for bench/, which measures the pooled client on them too). */
  public static RedisOptions options(String connectionString) {
    return new RedisOptions()
        .setConnectionString(connectionString)
        .setMaxPoolSize(16) // the pipelined connections and any connection lent by connect()
        .setMaxPoolWaiting(1024)
        .setMaxWaitingHandlers(8192) // commands in flight on one connection
        .setPoolRecycleTimeout(15_000)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true));
  }

  /** The client the ports use: pipelined, bounded in time, outages reported as such (public for bench/). */
  public static Redis client(Vertx vertx, RedisOptions options) {
    return client(vertx, options, CONNECTIONS);
  }

  /** The same over another number of pipelined connections (bench/ measures 1 against {@link #CONNECTIONS}). */
  public static Redis client(Vertx vertx, RedisOptions options, int connections) {
    return new RedisOutages(new PipelinedConnections(Redis.createClient(vertx, options), connections, RedisOutages.COMMAND_TIMEOUT));
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
