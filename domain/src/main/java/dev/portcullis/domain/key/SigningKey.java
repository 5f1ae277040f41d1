package dev.portcullis.domain.key;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform signing key, public side only (the private half lives in the vault). Its life:
 * published from {@code createdAt}; signs from {@code activeFrom} (after an overlap, so verifiers
 * have fetched it before the first token it signs) until {@code retiredAt}; stays published until
 * every token it signed has expired ({@code retiredAt + max token lifetime}).
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, String publicJwk, Instant createdAt, Instant activeFrom, Optional<Instant> retiredAt) {
  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activeFrom, "activeFrom");
    Objects.requireNonNull(retiredAt, "retiredAt");
  }

  public boolean signsAt(Instant now) {
    return !activeFrom.isAfter(now) && retiredAt.map(now::isBefore).orElse(true);
  }

  public boolean publishedAt(Instant now, Duration maxTokenLifetime) {
    return retiredAt.map(at -> now.isBefore(at.plus(maxTokenLifetime))).orElse(true);
  }

  public SigningKey retired(Instant at) {
    return new SigningKey(kid, algorithm, publicJwk, createdAt, activeFrom, Optional.of(at));
  }
}
