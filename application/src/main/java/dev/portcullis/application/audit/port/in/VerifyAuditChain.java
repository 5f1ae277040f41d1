package dev.portcullis.application.audit.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.shared.TenantId;

/** An administrator checks a tenant's audit hash chain end to end. */
public interface VerifyAuditChain {
  AuditAccess<AuditChain.Verification> verify(RequestContext context, TenantId tenant);
}
