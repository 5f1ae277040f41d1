package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Redis outage is a retryable {@link DependencyUnavailable} (HTTP 503), bounded in time, never a hang or a bare client error. */
class RedisOutagesIT {
  private final Vertx vertx = Vertx.vertx();
  private final TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port());
  private Redis client;
  private RedisAPI redis;
  private final String key = new RedisKeys(TestRedis.get().keyPrefix()).key("outages", "marker");

  @BeforeEach
  void connect() {
    client = RedisModule.client(vertx, RedisModule.options("redis://127.0.0.1:" + proxy.port())); // as the service builds it
    redis = RedisAPI.api(client);
    redis.set(List.of(key, "1")).await();
  }

  @AfterEach
  void close() {
    proxy.close();
    client.close();
    vertx.close().await();
  }

  @Test
  void an_unreachable_redis_fails_commands_with_dependency_unavailable() {
    proxy.cut();

    for (int i = 0; i < 3; i++) { // the first command may find a pooled connection dying (CONNECTION_CLOSED): an outage all the same
      assertThatThrownBy(() -> redis.get(key).await())
          .isInstanceOfSatisfying(DependencyUnavailable.class, e -> assertThat(e.dependency()).isEqualTo("redis"));
    }
  }

  @Test
  void a_redis_that_never_answers_fails_commands_after_the_command_timeout_instead_of_hanging() {
    proxy.blackhole();
    long start = System.nanoTime();

    assertThatThrownBy(() -> redis.get(key).await()).isInstanceOf(DependencyUnavailable.class);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(RedisOutages.COMMAND_TIMEOUT.minusMillis(50), RedisOutages.COMMAND_TIMEOUT.plusSeconds(1));
  }

  @Test
  void an_error_reply_of_the_server_is_not_an_outage() {
    assertThatThrownBy(() -> redis.hget(key, "field").await()) // WRONGTYPE: the key holds a string
        .isNotInstanceOf(DependencyUnavailable.class).isInstanceOf(Response.class);
  }
}
