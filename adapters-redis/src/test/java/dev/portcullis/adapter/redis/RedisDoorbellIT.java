package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes (two subscriber connections on one key prefix) hear each other's rings; another deployment's prefix does not; a dead Redis never fails the ringer. */
class RedisDoorbellIT {
  private static Vertx vertx;
  private static RedisDoorbell nodeA;
  private static RedisDoorbell nodeB;
  private static RedisDoorbell otherDeployment;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url())));
    RedisKeys keys = new RedisKeys(TestRedis.get().keyPrefix());
    nodeA = new RedisDoorbell(vertx, api, TestRedis.get().url(), keys);
    nodeB = new RedisDoorbell(vertx, api, TestRedis.get().url(), keys);
    otherDeployment = new RedisDoorbell(vertx, api, TestRedis.get().url(), new RedisKeys(TestRedis.get().keyPrefix() + "other:"));
  }

  @AfterAll
  static void close() {
    nodeA.close();
    nodeB.close();
    otherDeployment.close();
    vertx.close().await();
  }

  private static void eventually(Duration within, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within " + within).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void a_ring_wakes_the_other_node_soon_but_not_another_deployment() throws Exception {
    AtomicInteger onB = new AtomicInteger();
    AtomicInteger elsewhere = new AtomicInteger();
    nodeB.onRing(onB::incrementAndGet);
    otherDeployment.onRing(elsewhere::incrementAndGet);
    eventually(Duration.ofSeconds(5), () -> {
      Thread.ofVirtual().start(nodeA::ring);
      return onB.get() > 0; // the subscriber connections are up
    });
    int before = onB.get();
    int elsewhereBefore = elsewhere.get();

    Thread.ofVirtual().start(nodeA::ring).join();

    eventually(Duration.ofSeconds(1), () -> onB.get() > before);
    assertThat(elsewhere.get()).isEqualTo(elsewhereBefore);
  }

  @Test
  void ringing_an_unreachable_redis_returns_quietly_and_quickly() throws Exception {
    Vertx local = Vertx.vertx();
    String nowhere = "redis://127.0.0.1:1";
    RedisDoorbell dead = new RedisDoorbell(local, RedisAPI.api(Redis.createClient(local, new RedisOptions().setConnectionString(nowhere))), nowhere,
        new RedisKeys("nowhere:"));
    long started = System.nanoTime();
    try {
      Thread.ofVirtual().start(dead::ring).join();
    } finally {
      dead.close();
      local.close().await();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }
}
