package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * The Redis client every port uses, made honest about outages: a command that gets no answer within
 * {@link #COMMAND_TIMEOUT} fails instead of hanging the request (the {@link PipelinedConnections} below
 * keep that deadline, the wait for a connection included, and replace the connection that missed it),
 * and "Redis cannot be reached" (refused, closed or silent connections, and error replies that say the
 * server cannot answer now: {@link #outage}) fails with {@link DependencyUnavailable}, which the HTTP
 * layer answers with 503 and {@code Retry-After}. Other error replies (bugs: HTTP 500) pass unchanged.
 */
final class RedisOutages implements Redis {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  /** Error codes of replies that mean "not now" ({@link #outage}). */
  private static final List<String> UNAVAILABLE = List.of("CONNECTION_CLOSED", "LOADING", "BUSY", "MASTERDOWN", "READONLY",
      "TRYAGAIN", "CLUSTERDOWN", "OOM", "MISCONF", "NOREPLICAS");
  private final PipelinedConnections client;

  RedisOutages(PipelinedConnections client) {
    this.client = client;
  }

  @Override
  public Future<RedisConnection> connect() {
    return translate(client.connect());
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return translate(client.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return translate(client.batch(commands));
  }

  static <T> Future<T> translate(Future<T> result) {
    return result.recover(failure -> Future.failedFuture(outage(failure) && !(failure instanceof DependencyUnavailable)
        ? new DependencyUnavailable("redis", failure)
        : failure)); // the server answered with an error reply (or it is already translated)
  }

  /**
   * Redis cannot answer now: no connection, a connection that died or went silent, a full waiting queue,
   * or an error reply that says so — the client reports a connection dying under a command as
   * {@code CONNECTION_CLOSED}; a server loading its data set, running a script past its time limit,
   * demoted to a replica, out of memory or unable to persist answers {@code LOADING}, {@code BUSY},
   * {@code MASTERDOWN}, {@code READONLY}, {@code OOM}, {@code MISCONF}… Every other error reply is an
   * answer, and a command refused before it was sent is the caller's bug (both HTTP 500).
   */
  static boolean outage(Throwable failure) {
    if (isBug(failure)) {
      return false; // HTTP 500
    }
    if (!serverReply(failure)) {
      return true;
    }
    String message = String.valueOf(failure.getMessage());
    return UNAVAILABLE.stream().anyMatch(code -> message.equals(code) || message.startsWith(code + " "));
  }

  /**
   * An error reply the server sent. The client reports a connection that dies under a command with an
   * error-reply type too ({@code CONNECTION_CLOSED}): that one is not from the server.
   */
  static boolean serverReply(Throwable failure) {
    return failure instanceof Response && !String.valueOf(failure.getMessage()).startsWith("CONNECTION_CLOSED");
  }

  /**
   * Failed on this side before anything was written: a full waiting queue (an outage: too much in
   * flight), or a command the client or {@link PipelinedConnections} refuses (a bug).
   */
  static boolean refusedBeforeTheWire(Throwable failure) {
    return isBug(failure) || String.valueOf(failure.getMessage()).startsWith("Redis waiting queue is full");
  }

  private static boolean isBug(Throwable failure) {
    return failure instanceof IllegalArgumentException || String.valueOf(failure.getMessage()).startsWith("Redis command is not valid");
  }
}
