package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.ClientJwksSource;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.domain.grant.ClientMetadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The public keys a {@code private_key_jwt} client signs with: its inline {@code jwks}, or the document
 * at its {@code jwks_uri}, cached for {@link #TTL}. An assertion with an unknown {@code kid} may force
 * one refetch, at most once per {@link #REFETCH_INTERVAL} per URI, so a stream of made-up kids cannot
 * turn us into a load generator against the client's server.
 */
final class ClientKeySets {
  static final Duration TTL = Duration.ofMinutes(5);
  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
  /** A failed fetch is remembered this long: anonymous requests naming the client cannot make us fetch on demand. */
  static final Duration FAILURE_TTL = Duration.ofSeconds(30);
  private final ClientJwksSource source;
  private final InstantSource clock;
  private final ExpiringCache<URI, Fetched> cache = new ExpiringCache<>(1_000);
  private final ExpiringCache<URI, Boolean> failed = new ExpiringCache<>(1_000);

  private record Fetched(String jwks, Instant at) {}

  ClientKeySets(ClientJwksSource source, InstantSource clock) {
    this.source = source;
    this.clock = clock;
  }

  String current(ClientMetadata client) throws ClientJwksSource.Unavailable {
    if (client.jwks().isPresent()) {
      return client.jwks().get();
    }
    URI uri = client.jwksUri().orElseThrow();
    Instant now = clock.instant();
    var cached = cache.get(uri, now);
    return cached.isPresent() ? cached.get().jwks() : fetch(uri, now);
  }

  /** A newer key set after an unknown {@code kid}, or null when there is none to try (inline keys, or fetched moments ago). */
  String refreshed(ClientMetadata client) throws ClientJwksSource.Unavailable {
    if (client.jwksUri().isEmpty()) {
      return null;
    }
    URI uri = client.jwksUri().get();
    Instant now = clock.instant();
    var cached = cache.get(uri, now);
    if (cached.isPresent() && cached.get().at().plus(REFETCH_INTERVAL).isAfter(now)) {
      return null;
    }
    return fetch(uri, now);
  }

  private String fetch(URI uri, Instant now) throws ClientJwksSource.Unavailable {
    if (failed.get(uri, now).isPresent()) {
      throw new ClientJwksSource.Unavailable("the jwks_uri could not be fetched"); // recently failed: not again on demand
    }
    String jwks;
    try {
      jwks = source.fetch(uri); // no lock held: the cache locks only around its map
    } catch (ClientJwksSource.Unavailable e) {
      failed.put(uri, Boolean.TRUE, now.plus(FAILURE_TTL));
      throw e;
    }
    cache.put(uri, new Fetched(jwks, now), now.plus(TTL));
    return jwks;
  }
}
