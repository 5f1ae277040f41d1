package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JcaProviders;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as a newcomer runs it: {@code java -jar portcullis.jar dev} with no database,
 * ready within 20 seconds with the same JCA provider as an unshaded classpath, and a graceful stop on SIGTERM.
 */
class DevLaunchIT {

  @Test
  void the_jar_serves_ready_within_20_seconds_in_dev_mode_on_the_chosen_crypto_provider_and_stops_gracefully_on_sigterm() throws Exception {
    long start = System.nanoTime();
    try (JarProcess jar = JarProcess.start("dev", "PORTCULLIS_HTTP_PORT", "0")) {
      try {
        int listeningOn = jar.awaitListening(Duration.ofSeconds(20));
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listeningOn + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        Duration untilReady = Duration.ofNanos(System.nanoTime() - start);

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject crypto = new JsonObject(ready.body()).getJsonArray("features").stream().map(JsonObject.class::cast)
            .filter(f -> f.getString("name").equals("crypto_provider")).findFirst().orElseThrow();
        assertThat(crypto.getString("detail")).as("the shaded jar loads the same provider (ACCP's native library included)")
            .isEqualTo(JcaProviders.install().description());
        assertThat(untilReady).isLessThan(Duration.ofSeconds(20));
        Files.writeString(Path.of("target", "dev-startup.txt"), "dev mode ready after " + untilReady.toMillis() + " ms\n");
      } finally {
        jar.sigterm();
      }

      assertThat(jar.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(jar.output()).contains("NOT FOR PRODUCTION").contains("PORTCULLIS_ADMIN_TOKEN=").contains("SIGTERM received")
          .contains("stopping: draining HTTP requests").contains("stopped");
      assertThat(jar.output()).as("the documented way of running the jar is quiet").doesNotContain("sun.misc.Unsafe").doesNotContain("terminally deprecated");
      assertThat(jar.process.exitValue()).as("a graceful stop is a clean exit, not 143 (killed by SIGTERM)").isZero();
    }
  }

  @Test
  void dev_check_starts_asks_every_public_route_and_stops_with_exit_0_printing_no_credential() throws Exception {
    try (JarProcess jar = JarProcess.start("dev --check", "PORTCULLIS_HTTP_PORT", "8080")) {
      assertThat(jar.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = jar.output();
      assertThat(jar.process.exitValue()).as(output).isZero();
      for (String route : Cli.CHECKED_ROUTES) {
        assertThat(output).contains("ok   200 " + route);
      }
      assertThat(output).as("a check prints no generated credential").doesNotContain("PORTCULLIS_ADMIN_TOKEN=").doesNotContain("PORTCULLIS_ROOT_KEY=")
          .contains("stopped");
    }
  }
}
