package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.Probes;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisDependencyProbeIT {

  @Test
  void reports_up_then_down_when_redis_becomes_unreachable_and_reconnects_by_itself() {
    Vertx vertx = Vertx.vertx();
    TestRedis server = TestRedis.get();
    try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
      Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + proxy.port()));
      RedisDependencyProbe probe = new RedisDependencyProbe(RedisAPI.api(client));

      DependencyProbe.Result before = probe.probe();
      proxy.cut();
      DependencyProbe.Result during = Probes.probeUntil(probe, DependencyProbe.Down.class); // a pooled connection may finish one last query
      proxy.restore();
      DependencyProbe.Result after = Probes.probeUntil(probe, DependencyProbe.Up.class);

      assertThat(before).isInstanceOf(DependencyProbe.Up.class);
      assertThat(during).isInstanceOf(DependencyProbe.Down.class);
      assertThat(after).isInstanceOf(DependencyProbe.Up.class);
      client.close();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_redis_that_accepts_connections_but_never_answers_is_down_within_the_budget_and_up_once_it_answers_again() {
    Vertx vertx = Vertx.vertx();
    TestRedis server = TestRedis.get();
    try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
      Redis client = RedisModule.client(vertx, RedisModule.options("redis://127.0.0.1:" + proxy.port()));
      RedisDependencyProbe probe = new RedisDependencyProbe(RedisAPI.api(client));
      assertThat(probe.probe()).isInstanceOf(DependencyProbe.Up.class);

      proxy.blackhole();
      long start = System.nanoTime();
      DependencyProbe.Result during = probe.probe();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      proxy.restore();
      DependencyProbe.Result after = Probes.probeUntil(probe, DependencyProbe.Up.class);

      assertThat(during).isInstanceOfSatisfying(DependencyProbe.Down.class, d -> assertThat(d.reason()).startsWith("no answer within"));
      assertThat(took).as("one budget, not one per attempt").isBetween(DependencyProbe.BUDGET.minusMillis(50), DependencyProbe.BUDGET.plusMillis(500));
      assertThat(after).isInstanceOf(DependencyProbe.Up.class);
      client.close();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void keys_written_by_a_test_live_under_the_run_prefix() {
    Vertx vertx = Vertx.vertx();
    try {
      RedisKeys keys = new RedisKeys(TestRedis.get().keyPrefix());
      RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().url())));

      redis.set(List.of(keys.key("probe", "marker"), "1")).await();

      assertThat(keys.key("probe", "marker")).startsWith(TestRedis.get().keyPrefix());
      assertThat(redis.get(keys.key("probe", "marker")).await().toString()).isEqualTo("1");
    } finally {
      vertx.close().await();
    }
  }
}
