package dev.portcullis.adapter.postgres;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.apikey.port.out.ApiKeyStoreContract;

class PgApiKeyStoreIT implements ApiKeyStoreContract {
  private final PgApiKeyStore store = new PgApiKeyStore(PgTestDatabase.connections());

  @Override
  public ApiKeyStore store() {
    return store;
  }
}
