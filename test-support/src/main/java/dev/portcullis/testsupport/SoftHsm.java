package dev.portcullis.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PKCS#11 token for tests: SoftHSM2 (Debian package {@code softhsm2}, which {@code .ci/run}
 * installs when missing). SoftHSM reads its configuration from {@code SOFTHSM2_CONF} once per process,
 * so the test JVM is started with that variable pointing at {@link #configFile()} (the module's
 * surefire configuration does); each test initialises its own token, with a unique label, in that
 * directory. {@link #makeUnavailable()} moves the token directory away, which is how a token that
 * went offline looks to the library; {@link #restore()} brings it back.
 */
public final class SoftHsm {
  public static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"), Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
  private static final String PIN = "4711-test-pin";
  private final Path tokens;
  private final String label;
  private final Path pinFile;

  private SoftHsm(Path tokens, String label, Path pinFile) {
    this.tokens = tokens;
    this.label = label;
    this.pinFile = pinFile;
  }

  /** The configuration this JVM's SoftHSM uses ({@code SOFTHSM2_CONF}); it fails clearly when the variable or the package is missing. */
  public static Path configFile() {
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isBlank()) {
      throw new IllegalStateException("SOFTHSM2_CONF is not set for this test JVM: the module's surefire/failsafe configuration sets it");
    }
    return Path.of(conf);
  }

  public static Path library() {
    return LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
        "PKCS#11 tests need SoftHSM2 and found no libsofthsm2.so: install the Debian package 'softhsm2' (.ci/run does)"));
  }

  /** Initialises a fresh token with a unique label in this JVM's SoftHSM token directory. */
  public static SoftHsm newToken() throws IOException, InterruptedException {
    library();
    Path conf = configFile();
    Path tokens = conf.resolveSibling("tokens");
    Files.createDirectories(tokens);
    Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    String label = "portcullis-" + UUID.randomUUID().toString().substring(0, 8);
    run(conf, "softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "so-" + PIN, "--pin", PIN);
    Path pinFile = conf.resolveSibling(label + ".pin");
    Files.writeString(pinFile, PIN + "\n", StandardCharsets.UTF_8);
    return new SoftHsm(tokens, label, pinFile);
  }

  public String tokenLabel() {
    return label;
  }

  public Path pinFile() {
    return pinFile;
  }

  public static String pin() {
    return PIN;
  }

  /** Every token of this JVM goes offline: the library finds their object stores gone (the token directory itself stays). */
  public void makeUnavailable() throws IOException {
    Path offline = Files.createDirectories(tokens.resolveSibling("tokens.offline"));
    try (var each = Files.list(tokens)) {
      for (Path token : each.toList()) {
        Files.move(token, offline.resolve(token.getFileName()));
      }
    }
  }

  public void restore() throws IOException {
    try (var each = Files.list(tokens.resolveSibling("tokens.offline"))) {
      for (Path token : each.toList()) {
        Files.move(token, tokens.resolve(token.getFileName()));
      }
    }
  }

  private static void run(Path conf, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SOFTHSM2_CONF", conf.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("PKCS#11 tests need softhsm2-util: install the Debian package 'softhsm2' (.ci/run does)", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed: " + output.strip());
    }
  }
}
