package dev.portcullis.adapter.memory;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryClientStore implements ClientStore {
  private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

  @Override
  public void add(RegisteredClient client) {
    if (clients.putIfAbsent(client.clientId(), client) != null) {
      throw new IllegalStateException("client id collision");
    }
  }

  @Override
  public Optional<RegisteredClient> find(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public boolean update(RegisteredClient client) {
    return clients.replace(client.clientId(), client) != null;
  }

  @Override
  public boolean delete(String clientId) {
    return clients.remove(clientId) != null;
  }

  @Override
  public boolean anyRedirectUriOn(String origin) {
    return clients.values().stream().flatMap(c -> c.metadata().redirectUris().stream())
        .map(java.net.URI::toString).anyMatch(uri -> uri.equals(origin) || uri.startsWith(origin + "/"));
  }
}
