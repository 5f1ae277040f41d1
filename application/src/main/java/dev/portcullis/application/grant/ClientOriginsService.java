package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.ClientOrigins;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.ExpiringCache;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/** Origins derived from redirect URIs ({@code scheme://host[:port]}); preflight answers cached for a minute. */
public final class ClientOriginsService implements ClientOrigins {
  private final ClientStore clients;
  private final InstantSource clock;
  private final ExpiringCache<String, Boolean> preflights = new ExpiringCache<>(1_000);

  public ClientOriginsService(ClientStore clients, InstantSource clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public boolean allowed(String clientId, String origin) {
    return clients.find(clientId).map(client -> client.metadata().redirectUris().stream().map(ClientOriginsService::originOf)
        .anyMatch(o -> o.equals(Optional.of(origin)))).orElse(false);
  }

  @Override
  public boolean anyClientOn(String origin) {
    var now = clock.instant();
    Optional<Boolean> cached = preflights.get(origin, now);
    if (cached.isPresent()) {
      return cached.get();
    }
    boolean any = clients.anyRedirectUriOn(origin);
    preflights.put(origin, any, now.plus(Duration.ofMinutes(1)));
    return any;
  }

  static Optional<String> originOf(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      return Optional.empty();
    }
    return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
  }
}
