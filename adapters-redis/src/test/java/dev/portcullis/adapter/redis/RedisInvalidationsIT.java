package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes (two subscriber connections on one key prefix) hear each other's invalidations; another deployment's prefix does not. */
class RedisInvalidationsIT {
  private static Vertx vertx;
  private static RedisInvalidations nodeA;
  private static RedisInvalidations nodeB;
  private static RedisInvalidations otherDeployment;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url())));
    RedisKeys keys = new RedisKeys(TestRedis.get().keyPrefix());
    nodeA = new RedisInvalidations(vertx, api, TestRedis.get().url(), keys);
    nodeB = new RedisInvalidations(vertx, api, TestRedis.get().url(), keys);
    otherDeployment = new RedisInvalidations(vertx, api, TestRedis.get().url(), new RedisKeys(TestRedis.get().keyPrefix() + "other:"));
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
  void a_publish_reaches_this_node_at_once_and_the_other_node_soon_but_not_another_deployment() throws Exception {
    List<String> onA = new CopyOnWriteArrayList<>();
    List<String> onB = new CopyOnWriteArrayList<>();
    List<String> elsewhere = new CopyOnWriteArrayList<>();
    nodeA.subscribe("topic-1", onA::add);
    nodeB.subscribe("topic-1", onB::add);
    nodeB.subscribe("topic-2", key -> onB.add("wrong topic: " + key));
    otherDeployment.subscribe("topic-1", elsewhere::add);
    eventually(Duration.ofSeconds(5), () -> {
      nodeA.publish("topic-1", "warm-up");
      return onB.contains("warm-up"); // the subscriber connections are up
    });

    nodeA.publish("topic-1", "client-42");

    assertThat(onA).contains("client-42");
    eventually(Duration.ofSeconds(1), () -> onB.contains("client-42"));
    assertThat(onB).doesNotContain("wrong topic: client-42");
    assertThat(elsewhere).isEmpty();
    assertThat(nodeA.reachesOtherNodes()).isTrue();
  }
}
