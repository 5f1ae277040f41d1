package dev.portcullis.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The HTTP load loop every bench shares: N virtual-thread clients for a fixed time, after a 2 s warm-up. */
final class Load {
  private Load() {}

  record Result(double opsPerSecond, double p50Millis, double p99Millis, long errors) {}

  static Result run(int concurrency, Duration duration, Runnable operation) throws InterruptedException {
    // warm-up: on 2 shared cores the JIT keeps compiling a new workload for 20-30 s (-Dbench.warmup=<seconds>)
    runFor(concurrency, Duration.ofSeconds(Integer.getInteger("bench.warmup", 2)), operation, new ArrayList<>(), new AtomicLong());
    List<long[]> latencies = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long ops = runFor(concurrency, duration, operation, latencies, errors);
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(l -> l > 0).sorted().toArray();
    return new Result(ops / (double) duration.toSeconds(), percentile(all, 0.50), percentile(all, 0.99), errors.get());
  }

  static long runFor(int concurrency, Duration duration, Runnable operation, List<long[]> latencies, AtomicLong errors) throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong count = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      long[] samples = new long[200_000];
      latencies.add(samples);
      threads.add(Thread.ofVirtual().start(() -> {
        int n = 0;
        while (running.get()) {
          long start = System.nanoTime();
          try {
            operation.run();
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
          if (n < samples.length) {
            samples[n++] = System.nanoTime() - start;
          }
          count.incrementAndGet();
        }
      }));
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    return count.get();
  }

  static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1_000_000.0;
  }

  /** Sends and discards the body; a status above {@code maxStatus} counts as an error of the run. */
  static void expectOk(HttpClient client, HttpRequest request, int maxStatus) {
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status > maxStatus) {
        throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " -> " + status);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }


  static void print(String label, Result result, Result baseline) {
    System.out.printf(Locale.ROOT, "%-44s %10.0f %9.2f %9.2f %11.2fx%s%n", label, result.opsPerSecond(), result.p50Millis(), result.p99Millis(),
        result.opsPerSecond() / baseline.opsPerSecond(), result.errors() > 0 ? "  (" + result.errors() + " errors)" : "");
  }
}
