package dev.portcullis.application.audit.port.in;

import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;

/** An administrator pages through a tenant's audit records. */
public interface QueryAudit {
  AuditAccess<Page<AuditRecord>> query(RequestContext context, TenantId tenant, AuditQuery query);
}
