package dev.portcullis.application.key;

import dev.portcullis.domain.key.SigningAlgorithm;
import java.time.Duration;
import java.util.Objects;

/**
 * @param overlap how long a new key is published before it signs (longer than verifiers cache the JWKS)
 * @param maxTokenLifetime the longest lifetime of a token we sign: how long a retired key stays published
 */
public record SigningKeySettings(SigningAlgorithm algorithm, Duration overlap, Duration maxTokenLifetime) {
  public SigningKeySettings {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
  }
}
