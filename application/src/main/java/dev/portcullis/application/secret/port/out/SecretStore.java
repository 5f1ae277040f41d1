package dev.portcullis.application.secret.port.out;

import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretMetadata;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.secret.SecretVersion;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Where sealed secrets live. Every method but the "system" ones is scoped to one tenant. Writes are
 * atomic per (tenant, name): {@link #write} picks the next version under the store's own lock or
 * row lock and asks {@code sealer} to seal the value for exactly that version, so concurrent writers
 * get consecutive versions and none is lost.
 */
public interface SecretStore {

  Write write(TenantId tenant, SecretName name, NewVersion version, OptionalInt expectedVersion, Instant now, IntFunction<SealedValue> sealer);

  Optional<SecretRecord> find(TenantId tenant, SecretName name);

  /**
   * The name of the tenant's secret with this id (deleted or not). Inside a transaction the secret is
   * held until it ends, so it cannot be purged — and its name cannot pass to another secret — meanwhile.
   */
  Optional<SecretName> nameOf(TenantId tenant, String id);

  Optional<SecretVersion> version(TenantId tenant, SecretName name, int version);

  /** A live (not soft-deleted) secret with the given version, or its current one: what a read needs, in one go. */
  Optional<Found> findVersion(TenantId tenant, SecretName name, OptionalInt version);

  record Found(SecretRecord record, SecretVersion version) {}

  List<VersionInfo> versions(TenantId tenant, SecretName name);

  Update updateMetadata(TenantId tenant, SecretName name, String description, Set<String> tags, OptionalInt expectedVersion, Instant now);

  /** Soft delete; empty if absent or already deleted. */
  Optional<SecretRecord> softDelete(TenantId tenant, SecretName name, Instant now);

  /** Undo a soft delete; empty if absent or not deleted. */
  Optional<SecretRecord> restore(TenantId tenant, SecretName name, Instant now);

  /** Removes the secret and every version for good. */
  boolean purge(TenantId tenant, SecretName name);

  /** Non-deleted secrets of a tenant, by name; never values. */
  Page<SecretRecord> search(TenantId tenant, SecretQuery query);

  // --- system operations (all tenants): root-key rotation and retention ---

  /** Up to {@code limit} versions whose data key is wrapped by a KEK other than {@code kekId}. */
  List<Wrapped> wrappedWithOtherThan(String kekId, int limit);

  /** Replaces the wrapping of one version if it is still wrapped by {@code current.kekId()}. */
  boolean replaceWrapping(Wrapped current, SealedValue rewrapped);

  /** How many versions each KEK wraps. */
  Map<String, Long> countByKek();

  /** Purges secrets soft-deleted before {@code cutoff}; returns how many. */
  int purgeDeletedBefore(Instant cutoff);

  record NewVersion(String description, Set<String> tags, String createdBy) {}

  sealed interface Write {
    record Written(SecretRecord record, boolean created) implements Write {}

    record Conflict(int currentVersion) implements Write {}

    record Deleted() implements Write {}

    /** If-Match was given for a secret that does not exist. */
    record Missing() implements Write {}
  }

  sealed interface Update {
    record Updated(SecretRecord record) implements Update {}

    record Conflict(int currentVersion) implements Update {}

    record Missing() implements Update {}
  }

  record VersionInfo(int version, Instant createdAt, String createdBy) {}

  record Wrapped(TenantId tenant, SecretName name, int version, SealedValue sealed) {}

  /** {@code search}: substring of the name (case-insensitive), {@code prefix}: start of the name, {@code tag}: exact tag. */
  record SecretQuery(String search, String prefix, String tag, int page, int perPage) {
    public SecretQuery {
      Page.check(page, perPage);
      if (search != null && search.length() > 256 || prefix != null && prefix.length() > 256) {
        throw new IllegalArgumentException("search and prefix must be at most 256 characters");
      }
    }
  }

  /** Metadata helper for adapters: the record's metadata after a write. */
  static SecretMetadata merge(SecretMetadata current, NewVersion version) {
    return current.with(version.description(), version.tags());
  }
}
