package dev.portcullis.adapter.redis;

import java.util.Objects;

/**
 * The namespace of every key Portcullis writes ({@code PORTCULLIS_REDIS_KEY_PREFIX}, default
 * {@code portcullis:}), so several deployments or test runs can share one Redis.
 */
public record RedisKeys(String prefix) {
  public RedisKeys {
    Objects.requireNonNull(prefix, "prefix");
  }

  public String key(String... parts) {
    return prefix + String.join(":", parts);
  }
}
