package dev.portcullis.adapter.memory.connection;

import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ConnectionStoreContract;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.connection.port.out.ProviderStoreContract;
import org.junit.jupiter.api.Nested;

class InMemoryConnectionStoresTest {
  @Nested
  class Providers implements ProviderStoreContract {
    private final InMemoryProviderStore store = new InMemoryProviderStore();

    @Override
    public ProviderStore store() {
      return store;
    }
  }

  @Nested
  class Connections implements ConnectionStoreContract {
    private final InMemoryConnectionStore store = new InMemoryConnectionStore();

    @Override
    public ConnectionStore store() {
      return store;
    }
  }
}
