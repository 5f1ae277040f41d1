package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.testsupport.RawHttp;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shutdown sequence of a started service ({@link Portcullis.Running#close()}, which SIGTERM runs):
 * readiness flips to 503 at once, the node keeps serving through the drain delay, then the listener
 * closes and in-flight requests finish with {@code Connection: close} within the grace period.
 *
 * <p>A request is held open by a route only this test binds (through the overrides of
 * {@link Portcullis#start}), so production has no debug endpoint for it. Times are measured against the
 * wall clock (the service sleeps through the drain for real) and written to
 * {@code target/shutdown-timings.txt}.
 */
class GracefulShutdownIT {
  private static final String ADMIN = "graceful-shutdown-it-admin-token-0123456789";
  private final CountDownLatch held = new CountDownLatch(1);
  private final Promise<Void> release = Promise.promise();
  private DevServer server;

  /**
   * {@code GET /test/hold}: answers 200 once the test releases it. It waits as the application does, with
   * Vert.x's {@code await()}, which frees its verticle's context for the other requests meanwhile.
   */
  private Module holdingRoute() {
    RouteContributor hold = routes -> routes.get("/test/hold", ctx -> {
      held.countDown();
      release.future().await();
      ctx.response().end("held until released");
    });
    return binder -> Multibinder.newSetBinder(binder, RouteContributor.class).addBinding().toInstance(hold);
  }

  @AfterEach
  void stop() {
    release.tryComplete();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void close_flips_ready_to_503_at_once_serves_through_the_drain_then_refuses_connections_and_finishes_in_flight_requests_with_connection_close()
      throws Exception {
    server = DevServer.startWith(holdingRoute(), ADMIN, "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "2", "PORTCULLIS_SHUTDOWN_GRACE_SECONDS", "5");
    int port = server.running().port();
    try (RawHttp keptAlive = RawHttp.connect(port); RawHttp inFlight = RawHttp.connect(port)) {
      RawHttp.Response readyBefore = keptAlive.get("/health/ready");
      assertThat(readyBefore.status()).isEqualTo(200);
      assertThat(readyBefore.header("Connection")).as("a keep-alive connection").isEmpty();
      inFlight.send("GET /test/hold HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Long> closed = new CompletableFuture<>();
      Thread.ofPlatform().name("test-close").start(() -> { // as the SIGTERM handler does: close() on a thread of its own
        try {
          go.await();
          server.running().close();
          closed.complete(System.nanoTime());
        } catch (Throwable e) {
          closed.completeExceptionally(e);
        }
      });
      long closeCalled = System.nanoTime();
      go.countDown();

      // readiness: 503 at once, saying it is draining
      RawHttp.Response draining = awaitReadyStatus(port, 503, Duration.ofSeconds(1));
      long flipped = System.nanoTime();
      JsonObject body = new JsonObject(draining.body());
      assertThat(body.getString("status")).isEqualTo("not_ready");
      assertThat(body.getString("state")).isEqualTo("draining");
      assertThat(body.getString("detail")).contains("draining");

      // during the drain the node serves everything else normally, on new connections and on the old one
      try (RawHttp fresh = RawHttp.connect(port)) {
        RawHttp.Response discovery = fresh.get("/.well-known/oauth-authorization-server");
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.header("Connection")).as("clients move to another node").hasValue("close");
      }
      try (RawHttp fresh = RawHttp.connect(port)) {
        assertThat(fresh.get("/health/live").status()).isEqualTo(200);
      }
      RawHttp.Response onTheKeptAliveConnection = keptAlive.get("/oauth/jwks");
      assertThat(onTheKeptAliveConnection.status()).isEqualTo(200);
      assertThat(onTheKeptAliveConnection.header("Connection")).hasValue("close");
      assertThat(keptAlive.awaitEnd(Duration.ofSeconds(2))).as("closed by the server after that response, not reset").isEqualTo(RawHttp.End.CLOSED);
      assertThat(Duration.ofNanos(System.nanoTime() - closeCalled)).as("all of that within the drain").isLessThan(Duration.ofSeconds(2));

      // after the drain: no new connections
      long refused = awaitRefused(port, Duration.ofSeconds(5));
      Duration listenerOpenFor = Duration.ofNanos(refused - closeCalled);
      assertThat(listenerOpenFor).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_500));
      assertThat(closed).as("still waiting for the in-flight request").isNotDone();

      // the in-flight request finishes, with Connection: close, and the connection ends cleanly
      long released = System.nanoTime();
      release.complete();
      RawHttp.Response finished = inFlight.read();
      assertThat(finished.status()).isEqualTo(200);
      assertThat(finished.body()).isEqualTo("held until released");
      assertThat(finished.header("Connection")).hasValue("close");
      assertThat(inFlight.awaitEnd(Duration.ofSeconds(2))).isEqualTo(RawHttp.End.CLOSED);

      long returned = closed.get(10, TimeUnit.SECONDS);
      Duration closeTook = Duration.ofNanos(returned - closeCalled);
      assertThat(closeTook).as("drain 2 s + grace 5 s + margin").isLessThan(Duration.ofSeconds(2 + 5 + 2));
      record("in-process: ready 503 after %d ms; listener closed after %d ms (drain 2 s); close returned %d ms after the in-flight request was released, %d ms in all",
          Duration.ofNanos(flipped - closeCalled).toMillis(), listenerOpenFor.toMillis(), Duration.ofNanos(returned - released).toMillis(), closeTook.toMillis());
    }
  }

  @Test
  void a_request_that_outlives_the_grace_period_is_cut_and_close_returns_within_drain_plus_grace_plus_a_small_margin() throws Exception {
    server = DevServer.startWith(holdingRoute(), ADMIN, "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "1", "PORTCULLIS_SHUTDOWN_GRACE_SECONDS", "1");
    try (RawHttp inFlight = RawHttp.connect(server.running().port())) {
      inFlight.send("GET /test/hold HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();

      server.running().close();

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_000 + 3_500));
      assertThat(inFlight.awaitEnd(Duration.ofSeconds(1))).as("the connection is closed, not left open").isNotEqualTo(RawHttp.End.OPEN);
      record("in-process: request held past the grace period: close returned after %d ms (drain 1 s + grace 1 s)", took.toMillis());
    }
  }

  @Test
  void with_no_drain_delay_close_refuses_new_connections_at_once() throws Exception {
    server = DevServer.startWith(holdingRoute(), ADMIN, "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "0");
    int port = server.running().port();
    long start = System.nanoTime();

    server.running().close();

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThatThrownBy(() -> RawHttp.connect(port)).isInstanceOf(ConnectException.class);
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    record("in-process: drain 0 (the dev default): close returned after %d ms", took.toMillis());
  }

  private static RawHttp.Response awaitReadyStatus(int port, int status, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try (RawHttp probe = RawHttp.connect(port)) {
        RawHttp.Response response = probe.get("/health/ready");
        if (response.status() == status || System.nanoTime() > deadline) {
          assertThat(response.status()).isEqualTo(status);
          return response;
        }
      }
    }
  }

  private static long awaitRefused(int port, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (RawHttp probe = RawHttp.connect(port)) {
        probe.get("/health/live");
      } catch (ConnectException e) {
        return System.nanoTime();
      } catch (IOException e) {
        // accepted just before the listener closed, then closed: try again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("still accepting connections after " + limit);
  }

  static void record(String format, Object... args) throws IOException {
    String line = String.format(format, args);
    System.out.println(line);
    Files.writeString(Path.of("target", "shutdown-timings.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
