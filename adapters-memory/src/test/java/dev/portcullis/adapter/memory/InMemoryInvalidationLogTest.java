package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.InvalidationLog;
import dev.portcullis.application.shared.port.out.InvalidationLogContract;
import java.time.InstantSource;

class InMemoryInvalidationLogTest implements InvalidationLogContract {
  private final InMemoryInvalidationLog log = new InMemoryInvalidationLog(InstantSource.system());

  @Override
  public InvalidationLog log() {
    return log;
  }
}
