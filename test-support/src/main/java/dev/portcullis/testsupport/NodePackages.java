package dev.portcullis.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code npm ci} for the Node.js helpers of the tests, once per machine: from the helper's own lockfile, from the npm registry. */
final class NodePackages {
  private NodePackages() {}

  /** Runs {@code npm ci} in {@code dir} unless {@code node_modules/<marker>} is already there; {@code what} names the helper in errors. */
  static void installed(Path dir, String marker, String what) throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("node_modules").resolve(marker))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (npm.waitFor() != 0) {
      throw new IllegalStateException("npm ci for " + what + " failed:\n" + output);
    }
  }
}
