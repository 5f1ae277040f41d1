package dev.portcullis.application.connection.port.out;

import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** Registered providers. Names are unique per tenant. */
public interface ProviderStore {
  /** False when the tenant already has a provider of that name. */
  boolean add(Provider provider);

  Optional<Provider> find(String providerId);

  /** The tenant's providers ordered by id, after the cursor {@code after} (an id). */
  List<Provider> list(TenantId tenant, Optional<String> after, int limit);

  /** Every tenant's providers ordered by id (maintenance: the one-time re-seal), after the cursor {@code after}. */
  List<Provider> allTenants(Optional<String> after, int limit);

  /** False when the new name is taken in the tenant. */
  boolean update(Provider provider);

  boolean delete(String providerId);
}
