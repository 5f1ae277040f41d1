package dev.portcullis.application.audit.port.in;

import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;

/** Querying and verifying a tenant's audit chain (administrators). */
public interface ReadAudit {
  AuditAccess<Page<AuditRecord>> query(RequestContext context, TenantId tenant, AuditQuery query);

  AuditAccess<AuditChain.Verification> verify(RequestContext context, TenantId tenant);
}
