package dev.portcullis.adapter.memory.grant;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.grant.port.out.ClientStoreContract;

class InMemoryClientStoreTest implements ClientStoreContract {
  private final InMemoryClientStore store = new InMemoryClientStore();

  @Override
  public ClientStore store() {
    return store;
  }
}
