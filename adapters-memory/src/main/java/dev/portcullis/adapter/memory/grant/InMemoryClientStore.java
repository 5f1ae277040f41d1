package dev.portcullis.adapter.memory.grant;

import dev.portcullis.adapter.memory.InMemoryTransactions;
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
    InMemoryTransactions.replaced(clients, client.clientId(), null);
  }

  @Override
  public Optional<RegisteredClient> find(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public boolean update(RegisteredClient client) {
    RegisteredClient previous = clients.replace(client.clientId(), client);
    if (previous != null) {
      InMemoryTransactions.replaced(clients, client.clientId(), previous);
    }
    return previous != null;
  }

  @Override
  public boolean delete(String clientId) {
    RegisteredClient previous = clients.remove(clientId);
    if (previous != null) {
      InMemoryTransactions.replaced(clients, clientId, previous);
    }
    return previous != null;
  }

  @Override
  public dev.portcullis.application.shared.Page<RegisteredClient> list(dev.portcullis.domain.shared.TenantId tenant, int page, int perPage) {
    dev.portcullis.application.shared.Page.check(page, perPage);
    return dev.portcullis.application.shared.Page.slice(clients.values().stream().filter(c -> c.metadata().tenant().equals(tenant))
        .sorted(java.util.Comparator.comparing(RegisteredClient::issuedAt).reversed().thenComparing(RegisteredClient::clientId)).toList(), page, perPage);
  }

  @Override
  public boolean anyRedirectUriOn(String origin) {
    return clients.values().stream().flatMap(c -> c.metadata().redirectUris().stream())
        .map(java.net.URI::toString).anyMatch(uri -> uri.equals(origin) || uri.startsWith(origin + "/"));
  }
}
