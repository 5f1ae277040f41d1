package dev.portcullis.adapter.postgres.grant;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.grant.port.out.ClientStoreContract;

class PgClientStoreIT implements ClientStoreContract {
  private final PgClientStore store = new PgClientStore(PgTestDatabase.connections());

  @Override
  public ClientStore store() {
    return store;
  }
}
