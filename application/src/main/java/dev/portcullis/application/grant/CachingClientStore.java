package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.domain.grant.RegisteredClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Registered clients cached in front of their store: every grant and introspection needs its client,
 * and a store round trip per request is the largest cost after the signature. An update or delete is
 * announced through the {@link InvalidationFeed} in the same transaction, so every node drops the entry
 * (at once with Redis's doorbell, else within the poll interval); a cached entry is used only while the
 * feed is fresh. {@link #TTL} only bounds memory. Unknown client ids are not cached.
 */
public final class CachingClientStore implements ClientStore {
  static final String TOPIC = "oauth-client";
  static final Duration TTL = Duration.ofSeconds(60);
  private final ClientStore store;
  private final InvalidationFeed invalidations;
  private final InstantSource clock;
  private final ExpiringCache<String, RegisteredClient> cache;

  public CachingClientStore(ClientStore store, InvalidationFeed invalidations, InstantSource clock, int capacity) {
    this.store = store;
    this.invalidations = invalidations;
    this.clock = clock;
    this.cache = new ExpiringCache<>(capacity);
    invalidations.subscribe(TOPIC, entry -> cache.invalidate(entry.key()));
  }

  @Override
  public void add(RegisteredClient client) {
    store.add(client);
  }

  @Override
  public Optional<RegisteredClient> find(String clientId) {
    invalidations.requireFresh();
    var now = clock.instant();
    Optional<RegisteredClient> cached = cache.get(clientId, now);
    if (cached.isPresent()) {
      return cached;
    }
    Optional<RegisteredClient> found = store.find(clientId);
    found.ifPresent(client -> cache.put(clientId, client, now.plus(TTL)));
    return found;
  }

  /** Not cached: an administrator's listing reads the store. */
  @Override
  public dev.portcullis.application.shared.Page<RegisteredClient> list(dev.portcullis.domain.shared.TenantId tenant, int page, int perPage) {
    return store.list(tenant, page, perPage);
  }

  @Override
  public boolean anyRedirectUriOn(String origin) {
    return store.anyRedirectUriOn(origin);
  }

  @Override
  public boolean update(RegisteredClient client) {
    boolean updated = store.update(client);
    invalidations.publish(TOPIC, client.clientId());
    return updated;
  }

  /** Call inside the transaction that deletes, so the deletion and its announcement commit together. */
  @Override
  public boolean delete(String clientId) {
    boolean deleted = store.delete(clientId);
    invalidations.publish(TOPIC, clientId);
    return deleted;
  }
}
