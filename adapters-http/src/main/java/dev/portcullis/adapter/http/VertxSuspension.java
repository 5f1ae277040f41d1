package dev.portcullis.adapter.http;

import dev.portcullis.application.shared.port.out.Suspension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Waiting the Vert.x way: {@link Future#await()} suspends the virtual thread and hands the context
 * back, so the request being waited for (often on the same context) can finish. Off Vert.x threads it
 * simply blocks.
 */
public final class VertxSuspension implements Suspension {
  private final Vertx vertx;

  @Inject
  public VertxSuspension(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public <T> T await(CompletableFuture<T> future) {
    return Future.fromCompletionStage(future).await();
  }

  @Override
  public void sleep(Duration duration) {
    vertx.timer(Math.max(1, duration.toMillis())).await();
  }
}
