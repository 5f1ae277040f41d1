package dev.portcullis.domain.secret;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a write may add a version to a secret, and which: the one home of the versioning rule that
 * every store applies under its own lock. Versions count from 1 without gaps; a write that names the
 * version it expects is a compare-and-set; a deleted secret takes no new version until it is restored.
 */
public sealed interface SecretWrite {
  /** Add version {@code version} (1 creates the secret). */
  record Append(int version) implements SecretWrite {}

  /** The caller expected another current version. */
  record Conflict(int currentVersion) implements SecretWrite {}

  /** The secret is soft-deleted. */
  record Deleted() implements SecretWrite {}

  /** The caller expected a version of a secret that does not exist. */
  record Missing() implements SecretWrite {}

  /** @param current the secret as the store holds it now (locked), if it exists */
  static SecretWrite decide(Optional<SecretRecord> current, OptionalInt expectedVersion) {
    if (current.isEmpty()) {
      return expectedVersion.isPresent() ? new Missing() : new Append(1);
    }
    SecretRecord record = current.get();
    if (record.isDeleted()) {
      return new Deleted();
    }
    if (expectedVersion.isPresent() && expectedVersion.getAsInt() != record.currentVersion()) {
      return new Conflict(record.currentVersion());
    }
    return new Append(record.currentVersion() + 1);
  }
}
