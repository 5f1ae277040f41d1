package dev.portcullis.adapter.redis;

import dev.portcullis.application.shared.port.out.FailureCounter;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link FailureCounter} shared by every node: one Redis counter per key and window, expiring with its window. */
public final class RedisFailureCounter implements FailureCounter {
  /** INCR each key and make it expire when its window is over (plus a margin for clock differences). */
  private static final String RECORD = """
      for i = 1, #KEYS do
        redis.call('INCR', KEYS[i])
        redis.call('PEXPIRE', KEYS[i], ARGV[1])
      end
      return #KEYS""";
  /** A throttle may not make a request wait: a Redis that does not answer at once is treated as down (the caller falls back to its own counts). */
  static final long TIMEOUT_MS = 250;
  private final RedisAPI redis;
  private final RedisKeys keys;

  @Inject
  public RedisFailureCounter(RedisAPI redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  private List<String> redisKeys(List<String> names, Duration window, Instant now) {
    return redisKeys(names, window, FailureCounter.windowOf(now, window));
  }

  private List<String> redisKeys(List<String> names, Duration window, long index) {
    return names.stream().map(name -> keys.key("auth-failures:" + window.toMillis() + ":" + index + ":" + name)).toList();
  }

  @Override
  public void record(List<String> names, Duration window, Instant now) {
    List<String> arguments = new ArrayList<>();
    arguments.add(RECORD);
    arguments.add(Integer.toString(names.size()));
    arguments.addAll(redisKeys(names, window, now));
    arguments.add(Long.toString(window.toMillis() * 2));
    await(redis.eval(arguments));
  }

  @Override
  public Counts counts(List<String> names, Duration window, Instant now) {
    long index = FailureCounter.windowOf(now, window);
    List<String> both = new ArrayList<>(redisKeys(names, window, index));
    both.addAll(redisKeys(names, window, index - 1));
    Response values = await(redis.mget(both)); // both windows in one round trip
    List<Long> counts = new ArrayList<>(both.size());
    for (int i = 0; i < both.size(); i++) {
      Response value = values.get(i);
      counts.add(value == null ? 0L : value.toLong());
    }
    return new Counts(counts.subList(0, names.size()), counts.subList(names.size(), both.size()));
  }

  private static Response await(io.vertx.core.Future<Response> result) {
    try {
      return result.timeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).await();
    } catch (dev.portcullis.application.shared.port.out.DependencyUnavailable e) {
      throw e;
    } catch (RuntimeException e) {
      if (e instanceof io.vertx.core.VertxException || e.getCause() instanceof java.util.concurrent.TimeoutException) {
        throw new dev.portcullis.application.shared.port.out.DependencyUnavailable("redis", e);
      }
      throw e;
    } catch (Throwable e) {
      throw new dev.portcullis.application.shared.port.out.DependencyUnavailable("redis", e);
    }
  }
}
