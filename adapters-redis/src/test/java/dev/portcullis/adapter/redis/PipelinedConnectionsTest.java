package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.redis.client.impl.types.SimpleStringType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When {@link PipelinedConnections} keeps a connection and when it replaces one, against a pool of
 * scripted connections (the failures a real socket produces only by chance: a connection that died
 * before its handlers were installed, a handshake that never ends, a connection idle past a NAT's memory).
 */
class PipelinedConnectionsTest {
  private static final Duration DEADLINE = Duration.ofMillis(300);
  private static final Response OK = SimpleStringType.create("OK");
  private final ScriptedPool pool = new ScriptedPool();

  @BeforeAll
  static void loadClasses() { // a cold JVM's first command can take longer than DEADLINE to load Vert.x's futures and timers
    PipelinedConnections warm = new PipelinedConnections(new ScriptedPool(), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
    get(warm).timeout(1, java.util.concurrent.TimeUnit.MILLISECONDS).await();
    warm.send(Request.cmd(Command.MULTI));
  }

  private PipelinedConnections client(int connections) {
    return new PipelinedConnections(pool, connections, DEADLINE, Duration.ofSeconds(60));
  }

  private static Future<Response> get(Redis redis) {
    return redis.send(Request.cmd(Command.GET).arg("key"));
  }

  @Test
  void a_connection_that_fails_a_command_as_closed_is_replaced_although_no_handler_told_it_so() {
    pool.answers = command -> Future.failedFuture("Connection is closed"); // died before its end handler was installed
    PipelinedConnections redis = client(1);
    assertThatThrownBy(() -> get(redis).await()).hasMessageContaining("closed");

    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(2);
    assertThat(pool.opened.getFirst().closed).isTrue();
  }

  @Test
  void an_error_reply_or_a_full_waiting_queue_keeps_the_connection() {
    PipelinedConnections redis = client(1);
    pool.answers = command -> Future.failedFuture(ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThatThrownBy(() -> get(redis).await()).isInstanceOf(Response.class);
    pool.answers = command -> Future.failedFuture("Redis waiting queue is full");
    assertThatThrownBy(() -> get(redis).await()).hasMessageContaining("queue is full");
    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(1);
    assertThat(pool.opened.getFirst().closed).isFalse();
  }

  @Test
  void a_connection_answered_readonly_reached_a_replica_and_is_replaced() {
    PipelinedConnections redis = client(1);
    pool.answers = command -> Future.failedFuture(ErrorType.create("READONLY You can't write against a read only replica."));
    assertThatThrownBy(() -> get(redis).await()).isInstanceOf(Response.class);
    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(2);
    assertThat(pool.opened.getFirst().closed).isTrue();
  }

  @Test
  void a_server_loading_its_data_is_not_helped_by_another_connection() {
    PipelinedConnections redis = client(1);
    pool.answers = command -> Future.failedFuture(ErrorType.create("LOADING Redis is loading the dataset in memory"));
    assertThatThrownBy(() -> get(redis).await()).isInstanceOf(Response.class);
    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(1);
  }

  @Test
  void a_command_left_little_of_its_deadline_by_a_slow_opening_does_not_condemn_the_fresh_connection() throws Exception {
    PipelinedConnections redis = new PipelinedConnections(pool, 1, Duration.ofSeconds(1), Duration.ofSeconds(60));
    Promise<RedisConnection> slowOpening = Promise.promise();
    pool.next = slowOpening.future();
    ScriptedConnection fresh = new ScriptedConnection(pool);
    pool.answers = command -> Promise.<Response>promise().future();
    Future<Response> first = get(redis);
    Thread.sleep(700);
    slowOpening.complete(fresh); // ~300 ms of the first command's second left
    assertThatThrownBy(first::await).isInstanceOf(TimeoutException.class);
    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(fresh.closed).isFalse();
    assertThat(fresh.sent).hasSize(2);
  }

  @Test
  void a_connection_silent_for_a_whole_deadline_is_closed_with_what_waits_on_it() {
    PipelinedConnections redis = client(1);
    pool.answers = command -> Promise.<Response>promise().future(); // never answered
    assertThatThrownBy(() -> get(redis).await()).isInstanceOf(TimeoutException.class);
    pool.answers = command -> Future.succeededFuture(OK);

    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(2);
    assertThat(pool.opened.getFirst().closed).isTrue();
  }

  @Test
  void one_late_command_among_answered_ones_does_not_condemn_the_connection() {
    PipelinedConnections redis = client(1);
    pool.answers = command -> Promise.<Response>promise().future();
    Future<Response> late = get(redis);
    pool.answers = command -> Future.succeededFuture(OK);
    assertThat(get(redis).await()).isSameAs(OK); // an answer while the late command waits

    assertThatThrownBy(late::await).isInstanceOf(TimeoutException.class);
    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(pool.opened).hasSize(1);
  }

  @Test
  void a_connection_that_never_opens_fails_within_the_deadline_the_next_command_tries_again_and_a_late_one_is_closed() {
    PipelinedConnections redis = client(1);
    Promise<RedisConnection> handshake = Promise.promise();
    pool.next = handshake.future(); // connected, handshake never answered
    long start = System.nanoTime();
    assertThatThrownBy(() -> get(redis).await()).isInstanceOf(TimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(1));

    ScriptedConnection late = new ScriptedConnection(pool);
    handshake.complete(late);
    assertThat(late.closed).as("opened after nobody waited for it").isTrue();
    pool.answers = command -> Future.succeededFuture(OK);
    assertThat(get(redis).await()).isSameAs(OK);
    assertThat(late.sent).as("no command went out on it").isEmpty();
  }

  @Test
  void an_idle_connection_is_replaced_before_it_is_used_again() throws Exception {
    PipelinedConnections redis = new PipelinedConnections(pool, 1, DEADLINE, Duration.ofMillis(100));
    pool.answers = command -> Future.succeededFuture(OK);
    get(redis).await();
    Thread.sleep(150);

    get(redis).await();

    assertThat(pool.opened).hasSize(2);
    assertThat(pool.opened.getFirst().closed).isTrue();
  }

  @Test
  void commands_take_turns_over_the_connections() {
    PipelinedConnections redis = client(2);
    pool.answers = command -> Future.succeededFuture(OK);
    for (int i = 0; i < 6; i++) {
      get(redis).await();
    }

    assertThat(pool.opened).hasSize(2).allSatisfy(connection -> assertThat(connection.sent).hasSize(3));
  }

  @Test
  void commands_that_would_change_a_shared_connection_are_refused_before_anything_is_opened() {
    PipelinedConnections redis = client(1);
    for (Command command : List.of(Command.MULTI, Command.SUBSCRIBE, Command.SELECT, Command.WATCH, Command.BLPOP)) {
      assertThatThrownBy(() -> redis.send(Request.cmd(command).arg("x")).await()).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> redis.batch(List.of(Request.cmd(Command.GET).arg("x"), Request.cmd(command).arg("x"))).await())
          .isInstanceOf(IllegalArgumentException.class);
    }

    assertThat(pool.opened).isEmpty();
  }

  /** Lends scripted connections: {@link #next} once if set, else a new one that answers with {@link #answers}. */
  private static final class ScriptedPool implements Redis {
    final List<ScriptedConnection> opened = new ArrayList<>();
    volatile Function<Request, Future<Response>> answers = command -> Future.succeededFuture(OK);
    volatile Future<RedisConnection> next;

    @Override
    public synchronized Future<RedisConnection> connect() {
      if (next != null) {
        Future<RedisConnection> scripted = next;
        next = null;
        return scripted;
      }
      ScriptedConnection connection = new ScriptedConnection(this);
      opened.add(connection);
      return Future.succeededFuture(connection);
    }

    @Override
    public Future<Response> send(Request command) {
      throw new UnsupportedOperationException("commands go out on a lent connection");
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
      throw new UnsupportedOperationException("commands go out on a lent connection");
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  private static final class ScriptedConnection implements RedisConnection {
    private final ScriptedPool pool;
    final List<Request> sent = new ArrayList<>();
    volatile boolean closed;

    ScriptedConnection(ScriptedPool pool) {
      this.pool = pool;
    }

    @Override
    public synchronized Future<Response> send(Request command) {
      sent.add(command);
      return pool.answers.apply(command);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }

    @Override
    public RedisConnection exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public RedisConnection handler(Handler<Response> handler) {
      return this;
    }

    @Override
    public RedisConnection pause() {
      return this;
    }

    @Override
    public RedisConnection resume() {
      return this;
    }

    @Override
    public RedisConnection fetch(long amount) {
      return this;
    }

    @Override
    public RedisConnection endHandler(Handler<Void> endHandler) {
      return this;
    }

    @Override
    public boolean pendingQueueFull() {
      return false;
    }
  }
}
