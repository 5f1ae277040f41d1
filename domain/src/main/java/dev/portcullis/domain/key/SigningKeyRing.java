package dev.portcullis.domain.key;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which key signs and which keys are published, at a given instant. Pure rules, no I/O. */
public final class SigningKeyRing {
  private SigningKeyRing() {}

  /** The newest key that may sign now. */
  public static Optional<SigningKey> signer(List<SigningKey> keys, Instant now) {
    return keys.stream().filter(k -> k.signsAt(now)).max(Comparator.comparing(SigningKey::activeFrom).thenComparing(SigningKey::createdAt));
  }

  /** Keys verifiers must be able to find in the JWKS now. */
  public static List<SigningKey> published(List<SigningKey> keys, Instant now, Duration maxTokenLifetime) {
    return keys.stream().filter(k -> k.publishedAt(now, maxTokenLifetime)).sorted(Comparator.comparing(SigningKey::createdAt)).toList();
  }

  /**
   * The keys to retire when {@code successor} is added: every key still unretired stops signing when
   * the successor starts, so exactly one key signs at any instant.
   */
  public static List<SigningKey> retiredBy(List<SigningKey> keys, SigningKey successor) {
    return keys.stream().filter(k -> k.retiredAt().isEmpty() && !k.kid().equals(successor.kid())).map(k -> k.retired(successor.activeFrom())).toList();
  }
}
