package dev.portcullis.adapter.postgres.session;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.SessionStoreContract;

class PgSessionStoreIT implements SessionStoreContract {
  private final PgSessionStore store = new PgSessionStore(PgTestDatabase.connections());

  @Override
  public SessionStore store() {
    return store;
  }
}
