package dev.portcullis.application.audit.port.in;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.RequestContext;
import java.time.Instant;
import java.util.List;

/** Audit retention on demand: remove every tenant's records older than a number of days — or, by default, only say what would go. */
public interface PruneAudit {
  /** Never the last 30 days: a stolen admin token cannot wipe the recent trail — its own included. */
  int MIN_DAYS = 30;
  int MAX_DAYS = 36_500;

  AuditAccess<Result> prune(RequestContext context, int olderThanDays, boolean dryRun);

  record Result(Instant cutoff, boolean dryRun, List<AuditLog.Pruned> tenants) {
    public long records() {
      return tenants.stream().mapToLong(AuditLog.Pruned::records).sum();
    }
  }
}
