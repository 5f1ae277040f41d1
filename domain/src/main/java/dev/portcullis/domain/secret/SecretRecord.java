package dev.portcullis.domain.secret;

import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A secret's current state, without any value: what listings and write responses show. */
public record SecretRecord(
    String id, TenantId tenant, SecretName name, int currentVersion, SecretMetadata metadata,
    Instant createdAt, Instant updatedAt, Optional<Instant> deletedAt) {

  public SecretRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(deletedAt, "deletedAt");
  }

  public boolean isDeleted() {
    return deletedAt.isPresent();
  }

  /** Whether a soft-deleted secret can still be restored at {@code now}. */
  public boolean restorableAt(Instant now, Duration retention) {
    return deletedAt.map(at -> now.isBefore(at.plus(retention))).orElse(false);
  }
}
