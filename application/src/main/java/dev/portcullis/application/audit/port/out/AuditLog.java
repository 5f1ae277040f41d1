package dev.portcullis.application.audit.port.out;

import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * The tenant-chained, tamper-evident audit log. {@link #append} links the event to the tenant's
 * previous record atomically (concurrent appends never fork the chain) and joins the caller's
 * transaction, so a write and its audit record commit together.
 */
public interface AuditLog {
  AuditRecord append(AuditEvent event);

  Page<AuditRecord> query(TenantId tenant, AuditQuery query);

  AuditChain.Verification verify(TenantId tenant);

  /** Deletes records older than {@code cutoff} (all tenants), keeping each chain verifiable from an anchor. */
  long deleteOlderThan(Instant cutoff);

  record AuditQuery(Optional<AuditAction> action, Optional<Instant> from, Optional<Instant> to, int page, int perPage) {
    public AuditQuery {
      Page.check(page, perPage);
    }
  }
}
