package dev.portcullis.application.secret;

import dev.portcullis.application.audit.PruneAuditService;
import dev.portcullis.application.secret.port.out.SecretStore;
import java.time.Duration;
import java.time.InstantSource;

/** The retention job: prunes audit records past their retention and purges expired soft-deletes. */
public final class EnforceRetention {
  private final PruneAuditService audit;
  private final SecretStore store;
  private final InstantSource clock;
  private final Duration auditRetention;
  private final Duration deleteRetention;
  private final java.util.List<Runnable> alsoDaily = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Further daily housekeeping (e.g. forgetting expired replay-guard keys), run after retention. */
  public void alsoDaily(Runnable task) {
    alsoDaily.add(task);
  }

  public EnforceRetention(PruneAuditService audit, SecretStore store, InstantSource clock, Duration auditRetention, Duration deleteRetention) {
    this.audit = audit;
    this.store = store;
    this.clock = clock;
    this.auditRetention = auditRetention;
    this.deleteRetention = deleteRetention;
  }

  public record Result(long auditRecordsDeleted, int secretsPurged) {}

  public Result run() {
    var now = clock.instant();
    Result result = new Result(audit.pruneForRetention(now.minus(auditRetention)).stream().mapToLong(p -> p.records()).sum(), store.purgeDeletedBefore(now.minus(deleteRetention)));
    alsoDaily.forEach(Runnable::run);
    return result;
  }
}
