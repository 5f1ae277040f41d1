package dev.portcullis.adapter.memory.apikey;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.apikey.port.out.ApiKeyStoreContract;

class InMemoryApiKeyStoreTest implements ApiKeyStoreContract {
  private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();

  @Override
  public ApiKeyStore store() {
    return store;
  }
}
