package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.port.out.Invalidations;
import dev.portcullis.domain.grant.RegisteredClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Registered clients cached in front of their store: every grant and introspection needs its client,
 * and a store round trip per request is the largest cost after the signature. An update or delete
 * drops the entry on this node at once and, through {@link Invalidations}, on every node that hears
 * it; {@link #ttl} bounds how long a node that missed the message (or a deployment without Redis)
 * keeps serving the old registration. Unknown client ids are not cached.
 */
public final class CachingClientStore implements ClientStore {
  static final String TOPIC = "oauth-client";
  private final ClientStore store;
  private final Invalidations invalidations;
  private final InstantSource clock;
  private final Duration ttl;
  private final ExpiringCache<String, RegisteredClient> cache;

  public CachingClientStore(ClientStore store, Invalidations invalidations, InstantSource clock, int capacity) {
    this.store = store;
    this.invalidations = invalidations;
    this.clock = clock;
    this.ttl = ttl(invalidations);
    this.cache = new ExpiringCache<>(capacity);
    invalidations.subscribe(TOPIC, cache::invalidate);
  }

  /** 60 s when other nodes hear invalidations (a lost message is the only staleness), 5 s when they cannot. */
  public static Duration ttl(Invalidations invalidations) {
    return invalidations.reachesOtherNodes() ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
  }

  @Override
  public void add(RegisteredClient client) {
    store.add(client);
  }

  @Override
  public Optional<RegisteredClient> find(String clientId) {
    var now = clock.instant();
    Optional<RegisteredClient> cached = cache.get(clientId, now);
    if (cached.isPresent()) {
      return cached;
    }
    Optional<RegisteredClient> found = store.find(clientId);
    found.ifPresent(client -> cache.put(clientId, client, now.plus(ttl)));
    return found;
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

  @Override
  public boolean delete(String clientId) {
    boolean deleted = store.delete(clientId);
    invalidations.publish(TOPIC, clientId);
    return deleted;
  }
}
