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
  /**
   * KEYS: each key's counter in this window, then in the window before. INCR each of this window's and make
   * it expire when its window is over (plus a margin for clock differences); answer the new counts, then
   * the previous window's.
   */
  private static final String RECORD = """
      local n = #KEYS / 2
      local counts = {}
      for i = 1, n do
        counts[i] = redis.call('INCR', KEYS[i])
        redis.call('PEXPIRE', KEYS[i], ARGV[1])
      end
      for i = n + 1, #KEYS do
        counts[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
      end
      return counts""";
  /** A throttle may not make a request wait: a Redis that does not answer at once is treated as down (the caller falls back to its own counts). */
  static final long TIMEOUT_MS = 250;
  private final RedisAPI redis;
  private final RedisKeys keys;

  @Inject
  public RedisFailureCounter(RedisAPI redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  private List<String> redisKeys(List<String> names, Duration window, long index) {
    return names.stream().map(name -> keys.key("auth-failures:" + window.toMillis() + ":" + index + ":" + name)).toList();
  }

  @Override
  public Counts record(List<String> names, Duration window, Instant now) {
    List<String> both = bothWindows(names, window, now);
    List<String> arguments = new ArrayList<>(both.size() + 3);
    arguments.add(RECORD);
    arguments.add(Integer.toString(both.size()));
    arguments.addAll(both);
    arguments.add(Long.toString(window.toMillis() * 2));
    return counts(await(redis.eval(arguments)), names.size());
  }

  @Override
  public Counts counts(List<String> names, Duration window, Instant now) {
    return counts(await(redis.mget(bothWindows(names, window, now))), names.size()); // both windows in one round trip
  }

  /** Each name's counter in the window that holds {@code now}, then in the window before. */
  private List<String> bothWindows(List<String> names, Duration window, Instant now) {
    long index = FailureCounter.windowOf(now, window);
    List<String> both = new ArrayList<>(redisKeys(names, window, index));
    both.addAll(redisKeys(names, window, index - 1));
    return both;
  }

  private static Counts counts(Response values, int names) {
    List<Long> counts = new ArrayList<>(2 * names);
    for (int i = 0; i < 2 * names; i++) {
      Response value = values.get(i);
      counts.add(value == null ? 0L : value.toLong());
    }
    return new Counts(counts.subList(0, names), counts.subList(names, 2 * names));
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
