package dev.portcullis.application.audit;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.TenantId;
import java.time.InstantSource;

/** Turns a request context plus what happened into an audit record. Never given a value. */
public final class Auditor {
  /** Platform-wide events (root-key rotation) are chained under this tenant. */
  public static final TenantId SYSTEM = new TenantId("system");
  private final AuditLog log;
  private final InstantSource clock;

  public Auditor(AuditLog log, InstantSource clock) {
    this.log = log;
    this.clock = clock;
  }

  public void record(RequestContext context, TenantId tenant, AuditAction action, String target, AuditOutcome outcome) {
    log.append(new AuditEvent(tenant, context.principal().subject(), action, target, outcome, context.requestId(), context.clientAddress(), clock.instant()));
  }
}
