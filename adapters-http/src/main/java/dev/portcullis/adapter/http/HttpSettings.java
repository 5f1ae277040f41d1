package dev.portcullis.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the HTTP adapter needs from configuration.
 *
 * @param requestTimeout no request outlives it: past it the caller gets {@code 503} with {@code Retry-After}
 */
public record HttpSettings(String host, int port, long bodyLimitBytes, Duration shutdownGrace, int instances, Duration requestTimeout) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public HttpSettings(String host, int port, long bodyLimitBytes, Duration shutdownGrace, int instances) {
    this(host, port, bodyLimitBytes, shutdownGrace, instances, DEFAULT_REQUEST_TIMEOUT);
  }

  public HttpSettings {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
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
