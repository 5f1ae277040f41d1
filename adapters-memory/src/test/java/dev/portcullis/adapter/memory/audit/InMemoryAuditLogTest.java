package dev.portcullis.adapter.memory.audit;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.audit.port.out.AuditLogContract;

class InMemoryAuditLogTest implements AuditLogContract {
  private final InMemoryAuditLog adapter = new InMemoryAuditLog();

  @Override
  public AuditLog log() {
    return adapter;
  }
}
