package dev.portcullis.bench;

import dev.portcullis.adapter.redis.RedisKeys;
import dev.portcullis.adapter.redis.RedisModule;
import dev.portcullis.adapter.redis.grant.RedisReplayGuard;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code bench/run.sh redis}: the replay guard's {@code jti} claim (one Lua script per
 * {@code private_key_jwt} grant) through the service's Redis client — commands pipelined over
 * {@link RedisModule#CONNECTIONS} connections, and over one — against the pooled client it replaced
 * (one command per borrowed connection, same settings), from N virtual threads, the clients taking
 * turns over several rounds in one JVM. The baseline is the pooled client in the same run.
 */
final class RedisBench {
  private static final PrintStream out = System.out;

  private RedisBench() {}

  static void run(int concurrency, Duration duration) throws InterruptedException {
    String url = System.getProperty("bench.redis", "redis://127.0.0.1:6379");
    int rounds = Integer.getInteger("bench.rounds", 3);
    Vertx vertx = Vertx.vertx();
    String prefix = "pclbench-redis-" + UUID.randomUUID() + ":";
    Map<String, Supplier<Redis>> clients = new LinkedHashMap<>();
    clients.put("pooled (one command per borrowed connection, 16)", () -> Redis.createClient(vertx, RedisModule.options(url)));
    clients.put("pipelined over 1 connection", () -> RedisModule.client(vertx, RedisModule.options(url), 1));
    clients.put("pipelined over " + RedisModule.CONNECTIONS + " connections (the service's)", () -> RedisModule.client(vertx, RedisModule.options(url)));
    Map<String, List<Load.Result>> results = new LinkedHashMap<>();
    out.printf(Locale.ROOT, "%n== Redis: the jti claim, %d concurrent callers, %d s per run, %d rounds, clients alternating ==%n",
        concurrency, duration.toSeconds(), rounds);
    try {
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, Supplier<Redis>> client : clients.entrySet()) {
          Redis redis = client.getValue().get();
          try {
            RedisReplayGuard guard = new RedisReplayGuard(RedisAPI.api(redis), new RedisKeys(prefix));
            Load.Result result = Load.run(concurrency, duration, () -> {
              Instant now = Instant.now();
              if (!guard.firstUse(UUID.randomUUID().toString(), now.plusSeconds(60), now)) {
                throw new IllegalStateException("a fresh jti was refused");
              }
            });
            results.computeIfAbsent(client.getKey(), k -> new ArrayList<>()).add(result);
            out.printf(Locale.ROOT, "round %d  %-58s %,9.0f claims/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                round, client.getKey(), result.opsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors());
          } finally {
            redis.close().await();
          }
        }
      }
      double baseline = median(results.values().iterator().next());
      out.println();
      for (Map.Entry<String, List<Load.Result>> result : results.entrySet()) {
        double median = median(result.getValue());
        out.printf(Locale.ROOT, "median %-57s %,9.0f claims/s  %.2fx the pooled client%n", result.getKey(), median, median / baseline);
      }
    } finally {
      BenchServer.dropRedisKeys(vertx, url, prefix);
      vertx.close().await();
    }
  }

  private static double median(List<Load.Result> results) {
    List<Double> rates = results.stream().map(Load.Result::opsPerSecond).sorted().toList();
    return rates.get(rates.size() / 2);
  }
}
