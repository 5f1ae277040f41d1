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
 * The tenant-chained, tamper-evident audit log. Outside a unit of work {@link #append} returns once the
 * event is in its tenant's chain. Inside one it records the event in that unit (a change and its event
 * commit together, or neither does), and the unit of work returns only once, after its commit, the event
 * is in the chain. Concurrent appends never fork a chain.
 */
public interface AuditLog {
  void append(AuditEvent event);

  Page<AuditRecord> query(TenantId tenant, AuditQuery query);

  AuditChain.Verification verify(TenantId tenant);

  /**
   * Deletes, per tenant, the longest run of records from the start of its chain that are all older than
   * {@code cutoff}, and anchors the chain at the last one removed (its sequence and hash), so what is left
   * still verifies. Returns what was removed, one entry per tenant that lost records.
   */
  java.util.List<Pruned> deleteOlderThan(Instant cutoff);

  /** What {@link #deleteOlderThan} would remove now; removes nothing. */
  java.util.List<Pruned> prunable(Instant cutoff);

  /** A tenant's prune: how many records, and the new anchor — the sequence and hash of the last one removed. */
  record Pruned(TenantId tenant, long records, long throughSequence, String anchorHash) {}

  /** Filters are ANDed; {@code actor} is the credential exactly as records name it ({@code admin}, {@code client:<id>}, ...). */
  record AuditQuery(Optional<AuditAction> action, Optional<String> actor, Optional<dev.portcullis.domain.audit.AuditOutcome> outcome,
                    Optional<Instant> from, Optional<Instant> to, int page, int perPage) {
    public AuditQuery {
      Page.check(page, perPage);
    }

    public AuditQuery(Optional<AuditAction> action, Optional<Instant> from, Optional<Instant> to, int page, int perPage) {
      this(action, Optional.empty(), Optional.empty(), from, to, page, perPage);
    }
  }
}
