package dev.portcullis.adapter.postgres.connection;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ConnectionStoreContract;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.connection.port.out.ProviderStoreContract;
import org.junit.jupiter.api.Nested;

class PgConnectionStoresIT {
  @Nested
  class Providers implements ProviderStoreContract {
    private final PgProviderStore store = new PgProviderStore(PgTestDatabase.connections());

    @Override
    public ProviderStore store() {
      return store;
    }
  }

  @Nested
  class Connections implements ConnectionStoreContract {
    private final PgConnectionStore store = new PgConnectionStore(PgTestDatabase.connections());

    @Override
    public ConnectionStore store() {
      return store;
    }
  }
}
