package dev.portcullis.bench;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.Portcullis;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.bootstrap.config.Mode;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@code serve} node in this JVM on a fresh database and Redis prefix of its own; close drops both. */
final class BenchServer implements AutoCloseable {
  static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";
  private final Vertx vertx = Vertx.vertx();
  private final PgConnectOptions admin;
  private final Pool adminPool;
  private final String database;
  private final String redisUrl = System.getProperty("bench.redis", "redis://127.0.0.1:6379");
  private final String redisPrefix = "portcullis-bench-" + Long.toHexString(System.nanoTime()) + ":";
  private final Portcullis.Running running;

  /** @param extra further PORTCULLIS_* settings */
  BenchServer(Map<String, String> extra) {
    admin = PgConnectOptions.fromUri(System.getProperty("bench.pg", "postgresql://postgres@127.0.0.1:5432/postgres"));
    database = "portcullis_bench_" + Long.toHexString(System.nanoTime());
    adminPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(admin).using(vertx).build();
    adminPool.query("CREATE DATABASE " + database).execute().await();
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://" + admin.getUser() + "@" + admin.getHost() + ":" + admin.getPort() + "/" + database);
    env.put("PORTCULLIS_PG_POOL_SIZE", "16");
    env.put("PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8());
    env.put("PORTCULLIS_ADMIN_TOKEN", ADMIN);
    env.put("PORTCULLIS_REDIS_URL", redisUrl);
    env.put("PORTCULLIS_REDIS_KEY_PREFIX", redisPrefix);
    env.putAll(extra);
    running = Portcullis.start(ConfigLoader.load(Mode.SERVE, env, null));
  }

  String base() {
    return "http://127.0.0.1:" + running.port();
  }

  String issuer() {
    return running.issuer();
  }

  /** A pool of {@code size} to the server's own database (for same-database baselines), its statements cached like the server's. */
  Pool pool(int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size))
        .connectingTo(new PgConnectOptions(admin).setDatabase(database).setCachePreparedStatements(true)).using(vertx).build();
  }

  @Override
  public void close() {
    running.close();
    adminPool.query("DROP DATABASE " + database + " WITH (FORCE)").execute().await();
    adminPool.close().await();
    dropRedisKeys(vertx, redisUrl, redisPrefix);
    vertx.close().await();
  }

  /** Everything left under a Redis prefix (a node's sessions, refresh tokens, replay claims), in pages. */
  static void dropRedisKeys(Vertx vertx, String redisUrl, String redisPrefix) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    try {
      RedisAPI api = RedisAPI.api(redis);
      String cursor = "0";
      do {
        Response page = api.scan(List.of(cursor, "MATCH", redisPrefix + "*", "COUNT", "1000")).await();
        cursor = page.get(0).toString();
        List<String> keys = new ArrayList<>();
        page.get(1).forEach(key -> keys.add(key.toString()));
        if (!keys.isEmpty()) {
          api.unlink(keys).await();
        }
      } while (!cursor.equals("0"));
    } finally {
      redis.close().await();
    }
  }
}
