package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testsupport.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real SIGTERM to the packaged jar: readiness flips to 503 at once, the node serves through the
 * drain delay, an upload still in progress when the listener closes completes (201, {@code Connection:
 * close}), and the process exits 0. The upload is a client registration whose body the test sends in two
 * halves, so a real route is held open without a debug endpoint.
 */
class GracefulShutdownProcessIT {
  private static final String ADMIN = "graceful-shutdown-process-it-admin-0123456789";
  private static final int DRAIN = 2;
  private static final int GRACE = 5;

  @Test
  void sigterm_flips_ready_to_503_drains_finishes_the_upload_in_progress_and_exits_0() throws Exception {
    try (JarProcess jar = JarProcess.start("dev", "PORTCULLIS_HTTP_PORT", "0", "PORTCULLIS_ADMIN_TOKEN", ADMIN,
        "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", Integer.toString(DRAIN), "PORTCULLIS_SHUTDOWN_GRACE_SECONDS", Integer.toString(GRACE))) {
      int port = jar.awaitListening(Duration.ofSeconds(20));
      try (RawHttp probe = RawHttp.connect(port)) {
        assertThat(probe.get("/health/ready").status()).isEqualTo(200);
      }
      byte[] body = new JsonObject().put("grant_types", new io.vertx.core.json.JsonArray().add("client_credentials"))
          .put("token_endpoint_auth_method", "client_secret_basic").put("scope", "secrets:read").put("tenant", "acme")
          .encode().getBytes(StandardCharsets.UTF_8);
      try (RawHttp upload = RawHttp.connect(port)) {
        upload.send("POST /oauth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
            + new String(body, 0, body.length / 2, StandardCharsets.UTF_8));

        long signalled = System.nanoTime();
        jar.sigterm();

        RawHttp.Response draining = awaitReady(port, 503, Duration.ofSeconds(2));
        long flipped = System.nanoTime();
        assertThat(new JsonObject(draining.body()).getString("state")).isEqualTo("draining");
        try (RawHttp other = RawHttp.connect(port)) {
          RawHttp.Response live = other.get("/health/live");
          assertThat(live.status()).as("still serving during the drain").isEqualTo(200);
          assertThat(live.header("Connection")).hasValue("close");
        }
        long refused = awaitRefused(port, Duration.ofSeconds(DRAIN + 5));
        assertThat(jar.process.isAlive()).as("waiting for the upload in progress").isTrue();

        upload.send(new String(body, body.length / 2, body.length - body.length / 2, StandardCharsets.UTF_8));
        RawHttp.Response registered = upload.read();
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.header("Connection")).hasValue("close");
        assertThat(new JsonObject(registered.body()).getString("client_id")).isNotBlank();

        assertThat(jar.process.waitFor(DRAIN + GRACE + 5, TimeUnit.SECONDS)).isTrue();
        long exited = System.nanoTime();
        assertThat(jar.process.exitValue()).isZero();
        assertThat(jar.output()).contains("SIGTERM received").contains("stopped");
        GracefulShutdownIT.record("process (SIGTERM): ready 503 after %d ms; listener closed after %d ms (drain %d s); exit 0 after %d ms",
            ms(flipped - signalled), ms(refused - signalled), DRAIN, ms(exited - signalled));
      }
    }
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  private static RawHttp.Response awaitReady(int port, int status, Duration limit) throws Exception {
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
        // accepted just as the listener closed: try again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("still accepting connections after " + limit);
  }
}
