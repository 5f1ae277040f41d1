package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's Redis client ({@link RedisModule#client}) against a real Redis behind a {@link TcpProxy}:
 * commands share {@link RedisModule#CONNECTIONS} connections, every answer reaches its own command under
 * concurrency, and a connection that is killed or stops answering is replaced instead of being kept.
 */
class PipelinedConnectionsIT {
  private final Vertx vertx = Vertx.vertx();
  private final TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port());
  private final Redis client = RedisModule.client(vertx, RedisModule.options("redis://127.0.0.1:" + proxy.port())); // as the service builds it
  private final RedisAPI redis = RedisAPI.api(client);
  private final RedisAPI direct = RedisAPI.api(Redis.createClient(vertx, TestRedis.get().url()));
  private final RedisKeys keys = new RedisKeys(TestRedis.get().keyPrefix());

  @AfterEach
  void close() {
    for (Response key : direct.keys(keys.key("pipelined", "*")).await()) {
      direct.del(List.of(key.toString())).await();
    }
    client.close().await();
    proxy.close();
    vertx.close().await();
  }

  @Test
  void concurrent_commands_share_the_configured_connections_instead_of_one_connection_each() {
    List<Future<Response>> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add(redis.client(List.of("ID")));
    }
    Set<Long> connections = ConcurrentHashMap.newKeySet();
    ids.forEach(id -> connections.add(id.await().toLong()));

    assertThat(connections).hasSize(RedisModule.CONNECTIONS);
  }

  @Test
  void every_answer_reaches_its_own_command_when_many_threads_pipeline_at_once() throws Exception {
    AtomicInteger mismatches = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 32; t++) {
        int thread = t;
        threads.submit(() -> {
          for (int i = 0; i < 100; i++) {
            String key = keys.key("pipelined", thread + ":" + i);
            String value = thread + "/" + i;
            redis.set(List.of(key, value)).await();
            redis.incr(keys.key("pipelined", "count")).await();
            if (!value.equals(redis.get(key).await().toString())) {
              mismatches.incrementAndGet();
            }
          }
          return null;
        });
      }
    }

    assertThat(mismatches).hasValue(0);
    assertThat(direct.get(keys.key("pipelined", "count")).await().toLong()).isEqualTo(3_200);
  }

  @Test
  void a_connection_that_misses_the_deadline_is_replaced_and_what_waited_on_it_fails_as_an_outage() {
    Set<Long> before = connectionIds();
    proxy.blackhole();
    long start = System.nanoTime();
    List<Future<Response>> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      waiting.add(redis.get(keys.key("pipelined", "absent")));
    }
    for (Future<Response> command : waiting) {
      assertThatThrownBy(command::await).isInstanceOf(DependencyUnavailable.class);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    proxy.restore();

    assertThat(took).isLessThan(RedisOutages.COMMAND_TIMEOUT.plusSeconds(1));
    assertThat(connectionIds()).as("new connections: the silent ones were closed, not kept").doesNotContainAnyElementsOf(before);
  }

  @Test
  void connections_killed_by_the_server_are_all_replaced_at_the_cost_of_at_most_one_outage_each() {
    Set<Long> before = connectionIds();
    for (long id : before) {
      direct.client(List.of("KILL", "ID", Long.toString(id))).await();
    }

    Set<Long> after = new HashSet<>();
    int outages = 0;
    for (int i = 0; i < 4 * RedisModule.CONNECTIONS; i++) {
      try {
        after.add(redis.client(List.of("ID")).await().toLong());
      } catch (DependencyUnavailable dying) { // a command that still met its slot's dying connection
        outages++;
      }
    }

    assertThat(outages).isLessThanOrEqualTo(RedisModule.CONNECTIONS);
    assertThat(after).hasSize(RedisModule.CONNECTIONS).doesNotContainAnyElementsOf(before);
  }

  @Test
  void an_unreachable_redis_is_an_outage_and_the_first_command_after_it_is_back_is_answered() {
    proxy.cut();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> redis.get(keys.key("pipelined", "absent")).await()).isInstanceOf(DependencyUnavailable.class);
    }
    proxy.restore();

    assertThat(redis.set(List.of(keys.key("pipelined", "back"), "1")).await().toString()).isEqualTo("OK");
    assertThat(connectionIds()).as("every connection answers again").hasSize(RedisModule.CONNECTIONS);
  }

  @Test
  void an_error_reply_leaves_the_connection_in_use() {
    String text = keys.key("pipelined", "text");
    redis.set(List.of(text, "1")).await();
    Set<Long> before = connectionIds();

    for (int i = 0; i < 2 * RedisModule.CONNECTIONS; i++) {
      assertThatThrownBy(() -> redis.hget(text, "field").await()).isNotInstanceOf(DependencyUnavailable.class);
    }

    assertThat(connectionIds()).isEqualTo(before);
  }

  /** The ids of the connections commands go out on now (round robin: enough commands visit each). */
  private Set<Long> connectionIds() {
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 4 * RedisModule.CONNECTIONS; i++) {
      ids.add(redis.client(List.of("ID")).await().toLong());
    }
    return ids;
  }

}
