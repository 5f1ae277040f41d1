package dev.portcullis.adapter.postgres.key;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.application.key.port.out.SigningKeyStoreContract;

class PgSigningKeyStoreIT implements SigningKeyStoreContract {
  private final PgSigningKeyStore store = new PgSigningKeyStore(PgTestDatabase.connections());

  @Override
  public SigningKeyStore store() {
    return store;
  }
}
