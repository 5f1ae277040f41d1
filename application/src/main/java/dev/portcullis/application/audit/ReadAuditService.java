package dev.portcullis.application.audit;

import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;

public final class ReadAuditService implements QueryAudit, VerifyAuditChain {
  private final AuditLog log;
  private final Auditor auditor;
  private final dev.portcullis.application.shared.port.out.Decisions decisions;

  public ReadAuditService(AuditLog log, Auditor auditor) {
    this(log, auditor, dev.portcullis.application.shared.port.out.Decisions.NONE);
  }

  public ReadAuditService(AuditLog log, Auditor auditor, dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.log = log;
    this.auditor = auditor;
    this.decisions = decisions;
  }

  @Override
  public AuditAccess<Page<AuditRecord>> query(RequestContext context, TenantId tenant, AuditLog.AuditQuery query) {
    if (!context.principal().may(Permission.ADMINISTER, tenant)) {
      auditor.record(context, tenant, AuditAction.AUDIT_READ, "", AuditOutcome.DENIED);
      return new AuditAccess.Denied<>();
    }
    return new AuditAccess.Granted<>(log.query(tenant, query)); // reading the log is not itself logged: it would grow with every look
  }

  @Override
  public AuditAccess<AuditChain.Verification> verify(RequestContext context, TenantId tenant) {
    if (!context.principal().may(Permission.ADMINISTER, tenant)) {
      auditor.record(context, tenant, AuditAction.AUDIT_VERIFY, "", AuditOutcome.DENIED);
      return new AuditAccess.Denied<>();
    }
    AuditChain.Verification verification = log.verify(tenant);
    decisions.auditChainVerified(verification.valid());
    return new AuditAccess.Granted<>(verification);
  }
}
