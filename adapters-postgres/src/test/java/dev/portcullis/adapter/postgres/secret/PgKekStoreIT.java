package dev.portcullis.adapter.postgres.secret;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.application.secret.port.out.KekStoreContract;

class PgKekStoreIT implements KekStoreContract {
  private final PgKekStore store = new PgKekStore(PgTestDatabase.connections());

  @Override
  public KekStore store() {
    return store;
  }
}
