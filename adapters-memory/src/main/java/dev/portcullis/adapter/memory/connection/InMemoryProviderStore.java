package dev.portcullis.adapter.memory.connection;

import dev.portcullis.adapter.memory.InMemoryTransactions;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Providers in memory (dev, fast tests). Name uniqueness per tenant is checked under the store's lock. */
public final class InMemoryProviderStore implements ProviderStore {
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();

  @Override
  public synchronized boolean add(Provider provider) {
    if (nameTaken(provider)) {
      return false;
    }
    InMemoryTransactions.replaced(providers, provider.id(), providers.put(provider.id(), provider));
    return true;
  }

  private boolean nameTaken(Provider provider) {
    return providers.values().stream().anyMatch(p -> p.tenant().equals(provider.tenant()) && p.name().equals(provider.name()) && !p.id().equals(provider.id()));
  }

  @Override
  public Optional<Provider> find(String providerId) {
    return Optional.ofNullable(providers.get(providerId));
  }

  @Override
  public List<Provider> allTenants(Optional<String> after, int limit) {
    return providers.values().stream().filter(p -> after.map(a -> p.id().compareTo(a) > 0).orElse(true)).sorted(Comparator.comparing(Provider::id))
        .limit(limit).toList();
  }

  @Override
  public List<Provider> list(TenantId tenant, Optional<String> after, int limit) {
    return providers.values().stream().filter(p -> p.tenant().equals(tenant)).filter(p -> after.map(a -> p.id().compareTo(a) > 0).orElse(true))
        .sorted(Comparator.comparing(Provider::id)).limit(limit).toList();
  }

  @Override
  public synchronized boolean update(Provider provider) {
    if (!providers.containsKey(provider.id()) || nameTaken(provider)) {
      return false;
    }
    InMemoryTransactions.replaced(providers, provider.id(), providers.put(provider.id(), provider));
    return true;
  }

  @Override
  public boolean delete(String providerId) {
    Provider previous = providers.remove(providerId);
    if (previous != null) {
      InMemoryTransactions.replaced(providers, providerId, previous);
    }
    return previous != null;
  }
}
