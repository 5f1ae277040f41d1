package dev.portcullis.adapter.redis;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Commands pipelined over a few long-lived connections instead of one command per pooled connection.
 * A pooled client lends a connection per command and takes it back at the answer, so at most
 * {@code maxPoolSize} commands are on the wire and the rest queue for a connection; here every command
 * is written at once and Redis answers each connection's commands in order. The {@code jti} claim
 * through two connections against the pooled client ({@code bench/run.sh redis}): 0.99× at 8 callers,
 * 1.56× at 32, 2.66× at 128, where the pool's queue grows (docs/performance.md).
 *
 * <p>Only commands that leave a connection as they found it may share one: subscriptions,
 * transactions, {@code SELECT}/{@code AUTH} and blocking pops are refused (every port sends single
 * commands or Lua scripts). A subscriber takes its own connection: {@link #connect()} lends one from the
 * pool, as before.
 *
 * <p>Every command, including the wait for its connection, has {@code deadline}; a command still
 * waiting for a connection when it passes is never sent. A connection is closed — failing what still
 * waits on it, an outage (503) — and the next command opens a new one when
 * <ul>
 *   <li>it ends, or a command on it fails with the connection (closed, reset), or is answered
 *       {@code READONLY} (it reached a replica);
 *   <li>a command on it waits at least half the deadline, misses it, and nothing at all came back on the
 *       connection since that command went out (the Postgres adapter's rule: one slow command among
 *       answered ones does not condemn the others) — see {@code Slot.after};
 *   <li>it has been idle longer than {@link #IDLE} (15 s), before it is used again (a NAT or balancer may have
 *       forgotten it without a word).
 * </ul>
 * Opening one is bounded by {@code deadline} too, handshake included; a connection that arrives later is
 * closed, and one that could not be opened is not remembered, so every command during an outage tries
 * once.
 */
final class PipelinedConnections implements Redis {
  static final Duration IDLE = Duration.ofSeconds(15);
  private static final Set<Command> CONNECTION_STATE = Set.of(Command.SUBSCRIBE, Command.PSUBSCRIBE, Command.SSUBSCRIBE,
      Command.UNSUBSCRIBE, Command.PUNSUBSCRIBE, Command.SUNSUBSCRIBE, Command.MULTI, Command.EXEC, Command.DISCARD,
      Command.WATCH, Command.UNWATCH, Command.SELECT, Command.AUTH, Command.HELLO, Command.RESET, Command.MONITOR,
      Command.BLPOP, Command.BRPOP, Command.BLMOVE, Command.BRPOPLPUSH, Command.BLMPOP, Command.BZPOPMIN,
      Command.BZPOPMAX, Command.BZMPOP, Command.WAIT, Command.QUIT, Command.READONLY, Command.READWRITE, Command.ASKING);
  private final Redis pool;
  private final long deadlineNanos;
  private final long idleNanos;
  private final Slot[] slots;
  private final AtomicInteger next = new AtomicInteger();

  PipelinedConnections(Redis pool, int connections, Duration deadline) {
    this(pool, connections, deadline, IDLE);
  }

  PipelinedConnections(Redis pool, int connections, Duration deadline, Duration idle) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    this.pool = pool;
    this.deadlineNanos = deadline.toNanos();
    this.idleNanos = idle.toNanos();
    this.slots = new Slot[connections];
    for (int i = 0; i < connections; i++) {
      slots[i] = new Slot();
    }
  }

  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<Response> send(Request command) {
    Optional<IllegalArgumentException> refused = refused(List.of(command));
    return refused.isPresent() ? Future.failedFuture(refused.get()) : onAConnection(connection -> connection.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    Optional<IllegalArgumentException> refused = refused(commands);
    return refused.isPresent() ? Future.failedFuture(refused.get()) : onAConnection(connection -> connection.batch(commands));
  }

  private static Optional<IllegalArgumentException> refused(List<Request> commands) {
    return commands.stream().map(Request::command).filter(CONNECTION_STATE::contains).findFirst()
        .map(command -> new IllegalArgumentException(command + " would change a shared connection; use connect()"));
  }

  @Override
  public Future<Void> close() {
    for (Slot slot : slots) {
      slot.close();
    }
    return pool.close();
  }

  private <T> Future<T> onAConnection(Function<RedisConnection, Future<T>> command) {
    long start = System.nanoTime();
    Slot slot = slots[Math.floorMod(next.getAndIncrement(), slots.length)];
    Link link = slot.link();
    return link.connection.compose(open -> {
      long left = deadlineNanos - (System.nanoTime() - start);
      if (left <= 0) {
        return Future.failedFuture(new TimeoutException("no Redis connection within the deadline; the command was not sent"));
      }
      long sent = System.nanoTime();
      link.used(sent);
      return command.apply(open).timeout(left, TimeUnit.NANOSECONDS).andThen(done -> slot.after(link, sent, done));
    });
  }

  /** One connection and what was last heard on it. */
  private static final class Link {
    final Future<RedisConnection> connection;
    final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    final AtomicLong lastUse = new AtomicLong(System.nanoTime());

    Link(Future<RedisConnection> connection) {
      this.connection = connection;
    }

    void used(long now) {
      lastUse.accumulateAndGet(now, Link::later);
    }

    void answered(long now) {
      lastAnswer.accumulateAndGet(now, Link::later);
      used(now);
    }

    /** Of two {@link System#nanoTime()} readings, the later (they compare by difference only). */
    private static long later(long a, long b) {
      return b - a > 0 ? b : a;
    }
  }

  /** One long-lived connection: the current {@link Link} (its connection pending while it opens), or none. */
  private final class Slot {
    private final AtomicReference<Link> current = new AtomicReference<>();

    Link link() {
      while (true) {
        Link existing = current.get();
        if (existing == null) {
          Promise<RedisConnection> opening = Promise.promise();
          Link link = new Link(opening.future());
          if (current.compareAndSet(null, link)) {
            open(link, opening);
            return link;
          }
        } else if (existing.connection.failed()) {
          current.compareAndSet(existing, null); // its opening failed a moment ago
        } else if (existing.connection.succeeded() && System.nanoTime() - existing.lastUse.get() > idleNanos) {
          drop(existing); // idle too long: it may be dead without knowing
        } else {
          return existing;
        }
      }
    }

    private void open(Link link, Promise<RedisConnection> opening) {
      link.connection.timeout(deadlineNanos, TimeUnit.NANOSECONDS).onFailure(failure -> {
        if (failure instanceof TimeoutException && opening.tryFail(failure)) {
          current.compareAndSet(link, null); // the next command tries again
        }
      });
      pool.connect().onComplete(opened -> {
        if (opened.failed()) {
          current.compareAndSet(link, null);
          opening.tryFail(opened.cause());
          return;
        }
        RedisConnection connection = opened.result();
        connection.exceptionHandler(failure -> drop(link));
        connection.endHandler(ended -> drop(link));
        link.answered(System.nanoTime());
        if (!opening.tryComplete(connection)) {
          closeSocket(connection); // opened after its deadline: nobody waits for it
        }
      });
    }

    /**
     * What a command's outcome says about its connection. Any reply from the server is an answer, even
     * an error reply (a server loading its data or busy with a script is not helped by another
     * connection), except {@code READONLY}: this connection reached a replica. A command that missed its
     * deadline condemns the connection only if nothing came back on it since the command went out and
     * the command waited at least half a deadline (an opener left with a few milliseconds condemns
     * nothing). Refusals before the wire (a full waiting queue, an invalid command) say nothing about
     * it; every other failure is the connection's (closed, reset).
     */
    void after(Link link, long sent, AsyncResult<?> done) {
      long now = System.nanoTime();
      Throwable failure = done.cause();
      if (done.succeeded()) {
        link.answered(now);
      } else if (RedisOutages.serverReply(failure)) {
        link.answered(now);
        if (String.valueOf(failure.getMessage()).startsWith("READONLY")) {
          drop(link);
        }
      } else if (failure instanceof TimeoutException) {
        if (link.lastAnswer.get() - sent <= 0 && now - sent >= deadlineNanos / 2) {
          drop(link); // silent since it went out: what else waits on it would not get an answer either
        }
      } else if (!RedisOutages.refusedBeforeTheWire(failure)) {
        drop(link);
      }
    }

    private void drop(Link link) {
      if (current.compareAndSet(link, null)) {
        link.connection.onSuccess(PipelinedConnections::closeSocket);
      }
    }

    void close() {
      Link link = current.getAndSet(null);
      if (link != null) {
        link.connection.onSuccess(PipelinedConnections::closeSocket);
      }
    }
  }

  /**
   * Closes the socket itself. {@code close()} on a lent connection would hand it back to the pool,
   * silent socket and all, for the next {@link #connect()} to find.
   */
  private static void closeSocket(RedisConnection connection) {
    connection.exceptionHandler(null);
    connection.endHandler(null);
    if (connection instanceof PooledRedisConnection lent) {
      lent.actual().forceClose();
    } else {
      connection.close();
    }
  }
}
