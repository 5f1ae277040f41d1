package dev.portcullis.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** How integration tests find real infrastructure: cheap signals first, Docker last. */
final class Infrastructure {
  private Infrastructure() {}

  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Whether something accepts TCP connections at host:port within a short timeout. */
  static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Docker is worth trying only where its signals exist; asking Testcontainers directly costs half
   * a second and an ERROR log line on every machine without Docker.
   */
  static boolean dockerLikelyAvailable() {
    return env("DOCKER_HOST") != null
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
  }

  static IllegalStateException missing(String what, String envVar, String local) {
    return new IllegalStateException(
        "Integration tests need " + what + " and found none. Start the local service (" + local
            + "), or set " + envVar + " to a server the tests may create databases/keys on,"
            + " or start Docker so Testcontainers can run one. Tests never skip for lack of it.");
  }
}
