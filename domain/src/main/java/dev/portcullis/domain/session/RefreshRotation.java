package dev.portcullis.domain.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The rotation of a refresh token: when the single winner replaced it by its successor. This is the one
 * place that decides what presenting the rotated token again means.
 *
 * @param rotatedAt when the rotation happened (the winner's clock as it rotated, as the store recorded it)
 */
public record RefreshRotation(Instant rotatedAt) {
  public RefreshRotation {
    Objects.requireNonNull(rotatedAt, "rotatedAt");
  }

  /** What a presentation of an already rotated token is. */
  public enum Presentation {
    /** A retry within the grace window (a lost response, a parallel tab): it gets the rotation's answer again, unchanged. */
    RETRY,
    /** Reuse of a spent token: the session and every token of its family end. */
    REUSE
  }

  /**
   * Judges a presentation that found this token already rotated.
   *
   * <p>With a zero grace window (strict single use) every second presentation is {@link Presentation#REUSE},
   * whenever it started. With a window, it is a {@link Presentation#RETRY} unless it was observed more than
   * {@code grace} after the rotation.
   *
   * @param observedAt when this presentation learned that the token had been rotated — after the store
   *     answered, not when its request started: a request that started before the rotation and lost the
   *     race would otherwise fall inside any window, even a zero-length one
   * @param grace the grace window, zero or positive
   */
  public Presentation presentedAgain(Instant observedAt, Duration grace) {
    Objects.requireNonNull(observedAt, "observedAt");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace window cannot be negative");
    }
    if (grace.isZero()) {
      return Presentation.REUSE;
    }
    return observedAt.isAfter(rotatedAt.plus(grace)) ? Presentation.REUSE : Presentation.RETRY;
  }
}
