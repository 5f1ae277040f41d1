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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as a newcomer runs it: {@code java -jar portcullis.jar dev} with no database,
 * ready within 20 seconds with the same JCA provider as an unshaded classpath, and a graceful stop on SIGTERM.
 */
class DevLaunchIT {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void the_jar_serves_ready_within_20_seconds_in_dev_mode_on_the_chosen_crypto_provider_and_stops_gracefully_on_sigterm() throws Exception {
    Path jar = Path.of("target", "portcullis.jar");
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of("-jar", jar.toString(), "dev"));
    Path log = Files.createTempFile("portcullis-dev", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("PORTCULLIS_"));
    builder.environment().put("PORTCULLIS_HTTP_PORT", "0");
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      int listeningOn = awaitListening(log, process, Duration.ofSeconds(20));
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
      process.destroy(); // SIGTERM
    }

    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(log);
    assertThat(text).contains("NOT FOR PRODUCTION").contains("PORTCULLIS_ADMIN_TOKEN=").contains("stopping: draining HTTP requests").contains("stopped");
    assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: stopped by the signal, after the graceful shutdown hook
    Files.deleteIfExists(log);
  }

  private static int awaitListening(Path log, Process process, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("portcullis dev exited early:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("portcullis dev was not listening after " + limit + ":\n" + Files.readString(log));
  }
}
