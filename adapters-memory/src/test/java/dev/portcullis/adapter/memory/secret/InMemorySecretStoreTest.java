package dev.portcullis.adapter.memory.secret;

import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.secret.port.out.SecretStoreContract;

class InMemorySecretStoreTest implements SecretStoreContract {
  private final InMemorySecretStore adapter = new InMemorySecretStore();

  @Override
  public SecretStore store() {
    return adapter;
  }
}
