package dev.portcullis.adapter.memory.grant;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.grant.port.out.ReplayGuardContract;

class InMemoryReplayGuardTest implements ReplayGuardContract {
  private final InMemoryReplayGuard guard = new InMemoryReplayGuard();

  @Override
  public ReplayGuard guard() {
    return guard;
  }
}
