package dev.portcullis.adapter.http;

import java.time.Duration;
import java.util.Objects;

/** What the HTTP adapter needs from configuration. */
public record HttpSettings(String host, int port, long bodyLimitBytes, Duration shutdownGrace, int instances) {
  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (bodyLimitBytes < 1) {
      throw new IllegalArgumentException("body limit must be positive");
    }
    if (instances < 1) {
      throw new IllegalArgumentException("at least one HTTP verticle instance");
    }
  }
}
