package dev.portcullis.application.apikey.port.out;

import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys, the system of record (Postgres; in memory for dev). */
public interface ApiKeyStore {
  void add(ApiKey key);

  /** By key id alone: verification knows no tenant until it has found the key. */
  Optional<ApiKey> find(String keyId);

  /** A tenant's keys ordered by id, after {@code afterId} (exclusive), at most {@code limit}. */
  List<ApiKey> list(TenantId tenant, Optional<String> afterId, int limit);

  /** Replaces the stored key; false if there is none. */
  boolean update(ApiKey key);

  /** Ids of keys issued before keys carried a checksum tag (they are still looked up); new keys never join. */
  java.util.Set<String> idsWithoutChecksum();

  /** Sets {@code last_used_at} for many keys at once (never moving it backwards). */
  void touch(Map<String, Instant> lastUsed);
}
