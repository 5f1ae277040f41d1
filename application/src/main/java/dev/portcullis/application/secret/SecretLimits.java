package dev.portcullis.application.secret;

import java.time.Duration;

/** Configurable limits: value size, how long a soft-deleted secret can be restored. */
public record SecretLimits(int maxValueBytes, Duration deleteRetention) {
  public static final SecretLimits DEFAULTS = new SecretLimits(64 * 1024, Duration.ofDays(30));

  public SecretLimits {
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive");
    }
  }
}
