package dev.portcullis.adapter.postgres.grant;

import dev.portcullis.adapter.postgres.PgTestDatabase;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.grant.port.out.ReplayGuardContract;

class PgReplayGuardIT implements ReplayGuardContract {
  private final PgReplayGuard guard = new PgReplayGuard(PgTestDatabase.connections());

  @Override
  public ReplayGuard guard() {
    return guard;
  }
}
