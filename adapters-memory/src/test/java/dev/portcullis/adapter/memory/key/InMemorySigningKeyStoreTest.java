package dev.portcullis.adapter.memory.key;

import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.application.key.port.out.SigningKeyStoreContract;

class InMemorySigningKeyStoreTest implements SigningKeyStoreContract {
  private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();

  @Override
  public SigningKeyStore store() {
    return store;
  }
}
