package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real OpenID provider of {@code ../shared/upstream-idp} (Node, {@code oidc-provider}) for broker
 * tests. The shared directory is read-only, so it is copied once per machine to a writable place and
 * {@code npm ci} runs there (about 5 s, from the npm registry). Each instance listens on a free port
 * with its own pid/log/port files and is stopped by {@link #close()}. Without Node.js it fails with
 * what to install; it never skips.
 */
public final class UpstreamIdp implements AutoCloseable {
  public static final String DIR_ENV = "PORTCULLIS_TEST_UPSTREAM_IDP_DIR";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Path home;
  private final Map<String, String> env;
  private final int port;

  private UpstreamIdp(Path home, Map<String, String> env, int port) {
    this.home = home;
    this.env = env;
    this.port = port;
  }

  /** @param settings UPSTREAM_* variables (README of upstream-idp), e.g. UPSTREAM_REDIRECT_URIS */
  public static UpstreamIdp start(Map<String, String> settings) {
    Path home = installed();
    try {
      Path run = Files.createTempDirectory("upstream-idp-run");
      Map<String, String> env = new HashMap<>(settings);
      env.putIfAbsent("UPSTREAM_PORT", "0");
      env.put("UPSTREAM_PID_FILE", run.resolve("idp.pid").toString());
      env.put("UPSTREAM_LOG_FILE", run.resolve("idp.log").toString());
      env.put("UPSTREAM_PORT_FILE", run.resolve("idp.port").toString());
      ProcessBuilder builder = new ProcessBuilder(home.resolve("start.sh").toString(), "--background").redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(env);
      Process process = builder.start();
      String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.waitFor() != 0 || !printed.matches("[0-9]+")) {
        throw new IllegalStateException("upstream-idp did not start (see " + run.resolve("idp.log") + ")");
      }
      return new UpstreamIdp(home, env, Integer.parseInt(printed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public String issuer() {
    return env.getOrDefault("UPSTREAM_ISSUER", "http://127.0.0.1:" + port);
  }

  /** {@code POST /__admin/fail?mode=…}: a fault on the next {@code count} requests (null = until reset). */
  public void fail(String mode, Integer count, Integer delayMillis) {
    admin("/__admin/fail?mode=" + mode + (count == null ? "" : "&count=" + count) + (delayMillis == null ? "" : "&delay_ms=" + delayMillis));
  }

  public void reset() {
    admin("/__admin/reset");
  }

  /** {@code GET /__admin/state}: active faults and request counts per endpoint, as JSON text. */
  public String state() {
    return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__admin/state")).GET().build());
  }

  private void admin(String path) {
    call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  static String call(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      ProcessBuilder builder = new ProcessBuilder(home.resolve("stop.sh").toString()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getInputStream().readAllBytes();
      process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A writable copy with node_modules installed, shared by every test JVM of this machine. */
  static synchronized Path installed() {
    Path source = source();
    Path copy = Path.of(System.getProperty("java.io.tmpdir"), "portcullis-upstream-idp");
    try {
      if (!Files.isDirectory(copy.resolve("node_modules/oidc-provider"))) {
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(source)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            Path target = copy.resolve(file.getFileName().toString());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setWritable(true);
            target.toFile().setExecutable(file.toFile().canExecute());
          }
        }
        NodePackages.installed(copy, "oidc-provider", "upstream-idp");
      }
      return copy;
    } catch (IOException e) {
      throw new IllegalStateException("the upstream IdP needs Node.js 20+ and npm on PATH (apt install nodejs npm): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code $PORTCULLIS_TEST_UPSTREAM_IDP_DIR}, else {@code shared/upstream-idp} beside some parent of the
   * working directory, else this workplace's {@code /work/shared/upstream-idp}.
   */
  private static Path source() {
    Optional<Path> configured = Optional.ofNullable(System.getenv(DIR_ENV)).map(Path::of);
    if (configured.isPresent()) {
      return configured.get();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/upstream-idp");
      if (Files.isRegularFile(candidate.resolve("start.sh"))) {
        return candidate;
      }
    }
    Path workplace = Path.of("/work/shared/upstream-idp"); // where this workplace keeps it, for clones made elsewhere
    if (Files.isRegularFile(workplace.resolve("start.sh"))) {
      return workplace;
    }
    throw new IllegalStateException("upstream-idp not found: set " + DIR_ENV + " or keep the repository beside ../shared/upstream-idp");
  }
}
