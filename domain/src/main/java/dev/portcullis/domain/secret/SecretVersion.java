package dev.portcullis.domain.secret;

import dev.portcullis.domain.shared.SealedValue;

import java.time.Instant;
import java.util.Objects;

/** One stored version: its number, its sealed value, when and by whom it was written. */
public record SecretVersion(int version, SealedValue sealed, Instant createdAt, String createdBy) {
  public SecretVersion {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(createdBy, "createdBy");
  }
}
