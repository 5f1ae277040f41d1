package dev.portcullis.adapter.memory.secret;

import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.application.secret.port.out.KekStoreContract;

class InMemoryKekStoreTest implements KekStoreContract {
  private final InMemoryKekStore adapter = new InMemoryKekStore();

  @Override
  public KekStore store() {
    return adapter;
  }
}
