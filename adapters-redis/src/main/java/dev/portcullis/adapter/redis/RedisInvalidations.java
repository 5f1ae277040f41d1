package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.Invalidations;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidations over Redis pub/sub: one channel per deployment (under the key prefix), one dedicated
 * subscriber connection per node, re-established after a second when it drops. A message published
 * while a node is disconnected is lost to it; its caches' TTL covers that gap.
 */
public final class RedisInvalidations implements Invalidations {
  private static final Logger log = LoggerFactory.getLogger(RedisInvalidations.class);
  private final Vertx vertx;
  private final RedisAPI redis;
  private final Redis subscriberClient;
  private final String channel;
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  public RedisInvalidations(Vertx vertx, RedisAPI redis, String connectionString, RedisKeys keys) {
    this.vertx = vertx;
    this.redis = redis;
    this.subscriberClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString));
    this.channel = keys.key("invalidate");
    connect();
  }

  private void connect() {
    if (closed) {
      return;
    }
    subscriberClient.connect()
        .compose(connection -> {
          subscriber = connection;
          connection.handler(this::received);
          connection.exceptionHandler(e -> reconnectSoon());
          connection.endHandler(v -> reconnectSoon());
          return connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        })
        .onFailure(e -> {
          log.warn("invalidation subscriber could not connect to Redis; retrying in 1 s ({})", e.getClass().getSimpleName());
          reconnectSoon();
        });
  }

  private void reconnectSoon() {
    if (!closed) {
      vertx.setTimer(1_000, id -> connect());
    }
  }

  private void received(Response message) {
    if (message.size() == 3 && "message".equals(message.get(0).toString()) && channel.equals(message.get(1).toString())) {
      String payload = message.get(2).toString();
      int separator = payload.indexOf('\n');
      if (separator > 0) {
        deliver(payload.substring(0, separator), payload.substring(separator + 1));
      }
    }
  }

  private void deliver(String topic, String key) {
    listeners.getOrDefault(topic, List.of()).forEach(listener -> listener.accept(key));
  }

  @Override
  public void publish(String topic, String key) {
    deliver(topic, key); // this node at once, whatever happens to the message
    try {
      redis.publish(channel, topic + "\n" + key).await();
    } catch (DependencyUnavailable e) {
      // the change itself is stored; other nodes see it when their cached copy expires (as without Redis)
      log.warn("invalidation of {} not broadcast: Redis is unavailable; other nodes' caches expire by their TTL", topic);
    }
  }

  @Override
  public void subscribe(String topic, Consumer<String> listener) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  @Override
  public boolean reachesOtherNodes() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
    RedisConnection connection = subscriber;
    if (connection != null) {
      connection.close();
    }
    subscriberClient.close();
  }
}
