package dev.portcullis.adapter.memory.apikey;

import dev.portcullis.adapter.memory.InMemoryTransactions;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

  @Override
  public void add(ApiKey key) {
    if (keys.putIfAbsent(key.id(), key) != null) {
      throw new IllegalStateException("key id collision");
    }
    InMemoryTransactions.replaced(keys, key.id(), null);
  }

  @Override
  public Optional<ApiKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public List<ApiKey> list(TenantId tenant, Optional<String> afterId, int limit) {
    return keys.values().stream().filter(k -> k.tenant().equals(tenant)).filter(k -> k.id().compareTo(afterId.orElse("")) > 0)
        .sorted(Comparator.comparing(ApiKey::id)).limit(limit).toList();
  }

  @Override
  public boolean update(ApiKey key) {
    ApiKey previous = keys.get(key.id());
    boolean updated = keys.computeIfPresent(key.id(), (id, old) -> withLastUsed(key, latest(old.lastUsedAt(), key.lastUsedAt()))) != null;
    if (updated) {
      InMemoryTransactions.replaced(keys, key.id(), previous);
    }
    return updated;
  }

  /** Every in-memory key was issued by this version, with its checksum tag. */
  @Override
  public java.util.Set<String> idsWithoutChecksum() {
    return java.util.Set.of();
  }

  @Override
  public void touch(Map<String, Instant> lastUsed) {
    lastUsed.forEach((id, at) -> keys.computeIfPresent(id, (k, old) -> withLastUsed(old, latest(old.lastUsedAt(), Optional.of(at)))));
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
  }

  private static ApiKey withLastUsed(ApiKey key, Optional<Instant> lastUsed) {
    return new ApiKey(key.id(), key.tenant(), key.name(), key.scopes(), key.identity(), key.allowedOrigins(), key.expiresAt(), key.createdAt(), lastUsed,
        key.revokedAt(), key.secretHash(), key.prefix(), key.fingerprint(), key.rotatedTo());
  }
}
