package dev.portcullis.adapter.memory.session;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.SessionStoreContract;

class InMemorySessionStoreTest implements SessionStoreContract {
  private final InMemorySessionStore store = new InMemorySessionStore();

  @Override
  public SessionStore store() {
    return store;
  }
}
