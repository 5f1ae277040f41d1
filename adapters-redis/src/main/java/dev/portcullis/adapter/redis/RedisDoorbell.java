package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.Doorbell;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Doorbell} over Redis pub/sub: one channel per deployment (under the key prefix), one
 * dedicated subscriber connection per node, re-established a second after it drops. A ring is only a
 * hint to read the invalidation log now; one lost to an outage costs a poll interval.
 */
public final class RedisDoorbell implements Doorbell {
  private static final Logger log = LoggerFactory.getLogger(RedisDoorbell.class);
  private static final long RING_TIMEOUT_MS = 500;
  private final Vertx vertx;
  private final RedisAPI redis;
  private final Redis subscriberClient;
  private final String channel;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean answering = new AtomicBoolean();
  private final AtomicBoolean ringAgain = new AtomicBoolean();
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  public RedisDoorbell(Vertx vertx, RedisAPI redis, String connectionString, RedisKeys keys) {
    this.vertx = vertx;
    this.redis = redis;
    this.subscriberClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString));
    this.channel = keys.key("doorbell");
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
        .onSuccess(subscribed -> answer()) // rings may have been missed while disconnected
        .onFailure(e -> {
          log.warn("doorbell subscriber could not connect to Redis; retrying in 1 s ({})", e.getClass().getSimpleName());
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
      answer();
    }
  }

  /** Listeners read the log (an await): on a virtual thread, never on Redis's event loop; a burst of rings coalesces. */
  private void answer() {
    ringAgain.set(true);
    if (!answering.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("portcullis-doorbell").start(() -> {
      try {
        while (ringAgain.getAndSet(false)) {
          listeners.forEach(Runnable::run);
        }
      } finally {
        answering.set(false);
        if (ringAgain.get()) {
          answer();
        }
      }
    });
  }

  @Override
  public void ring() {
    try {
      redis.publish(channel, "ring").timeout(RING_TIMEOUT_MS, TimeUnit.MILLISECONDS).await();
    } catch (Throwable e) { // a hint only: the others read the log within their poll interval anyway
      log.warn("doorbell not rung (Redis: {}); other nodes catch up within their poll interval", e.getClass().getSimpleName());
    }
  }

  @Override
  public void onRing(Runnable listener) {
    listeners.add(listener);
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
