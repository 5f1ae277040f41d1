package dev.portcullis.testsupport;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis server for this test run with a key prefix of its own; every key under the prefix is
 * deleted when this test run ends. The server comes from {@code PORTCULLIS_TEST_REDIS_URL} if set, else
 * the local service on 127.0.0.1:6379, else a Testcontainers container if Docker is available;
 * otherwise first use fails with a message saying what to start.
 */
public final class TestRedis {
  public static final String ENV = "PORTCULLIS_TEST_REDIS_URL";
  private static TestRedis instance;

  private final String url;
  private final String keyPrefix;

  private TestRedis(String url, String keyPrefix) {
    this.url = url;
    this.keyPrefix = keyPrefix;
  }

  public static synchronized TestRedis get() {
    if (instance == null) {
      instance = new TestRedis(locateServer(), "portcullis-test:" + HexFormat.of().formatHex(SecureRandom.getSeed(6)) + ":");
      AfterTestRun.register(instance::deleteKeys);
    }
    return instance;
  }

  public String url() {
    return url;
  }

  /** Every key a test writes starts with this prefix. */
  public String keyPrefix() {
    return keyPrefix;
  }

  public String host() {
    return URI.create(url).getHost();
  }

  public int port() {
    int port = URI.create(url).getPort();
    return port == -1 ? 6379 : port;
  }

  private void deleteKeys() {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
      RedisAPI redis = RedisAPI.api(client);
      String cursor = "0";
      do {
        Response page = redis.scan(List.of(cursor, "MATCH", keyPrefix + "*", "COUNT", "1000")).await();
        cursor = page.get(0).toString();
        List<String> keys = page.get(1).stream().map(Response::toString).toList();
        if (!keys.isEmpty()) {
          redis.del(keys).await();
        }
      } while (!"0".equals(cursor));
      client.close();
    } catch (RuntimeException e) {
      System.err.println("test-support: could not delete Redis keys under " + keyPrefix + ": " + e.getMessage());
    } finally {
      vertx.close().await();
    }
  }

  private static String locateServer() {
    String url = Infrastructure.env(ENV);
    if (url != null) {
      return url;
    }
    if (Infrastructure.answers("127.0.0.1", 6379)) {
      return "redis://127.0.0.1:6379/0";
    }
    if (Infrastructure.dockerLikelyAvailable()) {
      GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      container.start();
      AfterTestRun.register(container::stop);
      return "redis://" + container.getHost() + ":" + container.getMappedPort(6379) + "/0";
    }
    throw Infrastructure.missing("Redis", ENV, "Redis on 127.0.0.1:6379");
  }
}
