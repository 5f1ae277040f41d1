package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis client every port uses, made honest about outages: a command that gets no answer within
 * {@link #COMMAND_TIMEOUT} fails instead of hanging the request, and "Redis cannot be reached" (refused,
 * closed or silent connections) fails with {@link DependencyUnavailable}, which the HTTP layer answers
 * with 503 and {@code Retry-After}. Error replies from the server (bugs: HTTP 500) pass unchanged.
 */
final class RedisOutages implements Redis {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private final Redis client;

  RedisOutages(Redis client) {
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
    return translate(client.send(command).timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return translate(client.batch(commands).timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
  }

  static <T> Future<T> translate(Future<T> result) {
    return result.recover(failure -> Future.failedFuture(serverReply(failure) || failure instanceof DependencyUnavailable
        ? failure // the server answered with an error reply
        : new DependencyUnavailable("redis", failure)));
  }

  /**
   * An error reply from the server. The client reports a connection that dies under a command with an
   * error-reply type too ({@code CONNECTION_CLOSED}): that one is an outage, not an answer.
   */
  private static boolean serverReply(Throwable failure) {
    return failure instanceof Response && !String.valueOf(failure.getMessage()).startsWith("CONNECTION_CLOSED");
  }
}
