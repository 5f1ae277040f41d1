package dev.portcullis.adapter.postgres.apikey;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.apikey.port.out.ApiKeyStoreContract;

class PgApiKeyStoreIT implements ApiKeyStoreContract {
  private final PgApiKeyStore store = new PgApiKeyStore(PgTestDatabase.connections());

  @Override
  public ApiKeyStore store() {
    return store;
  }
}
