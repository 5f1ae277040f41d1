package dev.portcullis.application.shared.port.out;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a use case waits for something another request computes (single flight) or for time to pass.
 * On the server this must let the request's event-loop context run other requests meanwhile: a plain
 * {@code join()} or {@code Thread.sleep} on a Vert.x virtual-thread context keeps the context and
 * deadlocks when the awaited work needs that same context (see docs/architecture.md). {@link #PLAIN}
 * is for code that runs on ordinary threads (unit tests, jobs).
 */
public interface Suspension {
  <T> T await(CompletableFuture<T> future);

  void sleep(Duration duration);

  Suspension PLAIN = new Suspension() {
    @Override
    public <T> T await(CompletableFuture<T> future) {
      try {
        return future.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw e;
      }
    }

    @Override
    public void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  };
}
