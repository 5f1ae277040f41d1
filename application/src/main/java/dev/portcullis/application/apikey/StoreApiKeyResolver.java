package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.PresentedKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Resolves keys against Portcullis's own store: the system of record. A key whose checksum tag is wrong
 * ({@link KeyChecksums}) is invalid without a lookup, unless it is one of the keys issued before keys had
 * tags ({@link ApiKeyStore#idsWithoutChecksum}, read once).
 */
public final class StoreApiKeyResolver implements ApiKeyResolver {
  private final ApiKeyStore store;
  private final InstantSource clock;
  private final KeyChecksums checksums;
  private volatile java.util.Set<String> withoutChecksum;

  public StoreApiKeyResolver(ApiKeyStore store, InstantSource clock, KeyChecksums checksums) {
    this.store = store;
    this.clock = clock;
    this.checksums = checksums;
  }

  @Override
  public Resolution resolve(PresentedKey presented) {
    if (!checksums.matches(presented) && !legacy(presented.keyId())) {
      return new Resolution.Invalid(); // made up: no lookup at all
    }
    Optional<ApiKey> found;
    try {
      found = store.find(presented.keyId());
    } catch (DependencyUnavailable e) {
      return new Resolution.Unavailable(Duration.ofSeconds(1));
    }
    if (found.isEmpty() || !found.get().secretMatches(presented.secretHash()) || !found.get().usableAt(clock.instant())) {
      return new Resolution.Invalid();
    }
    ApiKey key = found.get();
    return new Resolution.Resolved(new ResolvedKey(key.id(), key.tenant(), key.scopes(), key.identity(), key.allowedOrigins(), key.expiresAt()));
  }

  private boolean legacy(String keyId) {
    java.util.Set<String> ids = withoutChecksum;
    if (ids == null) {
      ids = java.util.Set.copyOf(store.idsWithoutChecksum()); // a fixed set: it only ever shrinks in meaning
      withoutChecksum = ids;
    }
    return ids.contains(keyId);
  }
}
