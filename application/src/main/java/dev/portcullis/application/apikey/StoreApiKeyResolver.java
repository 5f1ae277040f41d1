package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.PresentedKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/** Resolves keys against Portcullis's own store: the system of record. */
public final class StoreApiKeyResolver implements ApiKeyResolver {
  private final ApiKeyStore store;
  private final InstantSource clock;

  public StoreApiKeyResolver(ApiKeyStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Resolution resolve(PresentedKey presented) {
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
}
