package dev.portcullis.application.grant;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail of token issuance without an audit write per token: issued tokens are counted per
 * tenant and client, and {@link #flush} (every minute, and at shutdown) writes one {@code token.issue}
 * record per client that got any, with the count and the interval in its detail.
 */
public final class IssuedTokens {
  private final Auditor auditor;
  private final InstantSource clock;
  private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();
  private volatile Instant since;

  private record Key(TenantId tenant, String clientId) {}

  public IssuedTokens(Auditor auditor, InstantSource clock) {
    this.auditor = auditor;
    this.clock = clock;
    this.since = clock.instant();
  }

  public void issued(TenantId tenant, String clientId) {
    counts.computeIfAbsent(new Key(tenant, clientId), k -> new AtomicLong()).incrementAndGet();
  }

  /** Writes what was counted since the last flush; counts that could not be written are kept for the next one. */
  public void flush() {
    Instant from = since;
    Instant to = clock.instant();
    since = to;
    for (Map.Entry<Key, AtomicLong> entry : counts.entrySet()) {
      long issued = entry.getValue().getAndSet(0);
      if (issued == 0) {
        counts.remove(entry.getKey(), entry.getValue());
        continue;
      }
      try {
        auditor.record("client:" + entry.getKey().clientId(), entry.getKey().tenant(), AuditAction.TOKEN_ISSUE, entry.getKey().clientId(),
            AuditOutcome.SUCCESS, "tokens=" + issued + " from=" + from + " to=" + to);
      } catch (RuntimeException e) {
        entry.getValue().addAndGet(issued); // the audit log is unreachable: keep the count for the next flush
        throw e;
      }
    }
  }
}
