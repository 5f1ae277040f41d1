package dev.portcullis.application.audit;

import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.application.audit.port.in.PruneAudit;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.Permission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes old audit records and leaves a checkpoint in each chain it shortened: an {@code audit.prune}
 * record naming how many records went, through which sequence, and the hash of the last one removed —
 * the anchor the rest of the chain now verifies from. The daily retention job prunes through here too.
 */
public final class PruneAuditService implements PruneAudit {
  /** The actor of the daily job's checkpoints. */
  public static final String RETENTION_JOB = "retention-job";
  private final AuditLog log;
  private final Auditor auditor;
  private final InstantSource clock;

  public PruneAuditService(AuditLog log, Auditor auditor, InstantSource clock) {
    this.log = log;
    this.auditor = auditor;
    this.clock = clock;
  }

  @Override
  public AuditAccess<Result> prune(RequestContext context, int olderThanDays, boolean dryRun) {
    if (olderThanDays < MIN_DAYS || olderThanDays > MAX_DAYS) {
      throw new IllegalArgumentException("older_than_days must be a whole number of days from " + MIN_DAYS + " to " + MAX_DAYS
          + " (the last " + MIN_DAYS + " days are never pruned on demand)");
    }
    if (!context.principal().may(Permission.ADMINISTER, Auditor.SYSTEM)) {
      auditor.record(context, Auditor.SYSTEM, AuditAction.AUDIT_PRUNE, "", AuditOutcome.DENIED);
      return new AuditAccess.Denied<>();
    }
    Instant cutoff = clock.instant().minus(Duration.ofDays(olderThanDays));
    if (dryRun) {
      return new AuditAccess.Granted<>(new Result(cutoff, true, log.prunable(cutoff)));
    }
    return new AuditAccess.Granted<>(new Result(cutoff, false, prune(cutoff,
        pruned -> auditor.record(context, pruned.tenant(), AuditAction.AUDIT_PRUNE, target(cutoff), AuditOutcome.SUCCESS, checkpoint(pruned)))));
  }

  /** The retention job's prune: everything older than {@code cutoff}, with the same checkpoints. */
  public List<AuditLog.Pruned> pruneForRetention(Instant cutoff) {
    return prune(cutoff, pruned -> auditor.record(RETENTION_JOB, pruned.tenant(), AuditAction.AUDIT_PRUNE, target(cutoff), AuditOutcome.SUCCESS,
        checkpoint(pruned)));
  }

  private List<AuditLog.Pruned> prune(Instant cutoff, Consumer<AuditLog.Pruned> checkpoint) {
    List<AuditLog.Pruned> pruned = log.deleteOlderThan(cutoff);
    pruned.forEach(checkpoint);
    return pruned;
  }

  private static String target(Instant cutoff) {
    return "before " + cutoff;
  }

  private static String checkpoint(AuditLog.Pruned pruned) {
    return pruned.records() + " records removed through sequence " + pruned.throughSequence() + "; chain anchored at hash " + pruned.anchorHash();
  }
}
