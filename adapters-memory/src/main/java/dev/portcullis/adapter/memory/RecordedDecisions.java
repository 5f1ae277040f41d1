package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Decisions} counted in memory, for tests and embedding: {@link #count} by the meter's name and label values. */
public final class RecordedDecisions implements Decisions {
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  private void add(long n, String... key) {
    counts.merge(String.join(" ", key), n, Long::sum);
  }

  /** How often a decision was recorded, e.g. {@code count("token", "client_credentials", "issued")}. */
  public long count(String... key) {
    return counts.getOrDefault(String.join(" ", key), 0L);
  }

  @Override
  public void tokenRequest(String grantType, String outcome, Duration took) {
    add(1, "token", grantType, outcome);
  }

  @Override
  public void audited(AuditAction action, AuditOutcome outcome) {
    add(1, "audit", action.wireName(), outcome.name().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void auditChainVerified(boolean intact) {
    add(1, "audit-verify", intact ? "intact" : "broken");
  }

  @Override
  public void apiKeyVerified(String outcome, boolean cacheHit) {
    add(1, "api-key", outcome, cacheHit ? "hit" : "miss");
  }

  @Override
  public void refreshRead(String source) {
    add(1, "refresh-read", source);
  }

  @Override
  public void upstreamRenewal(String outcome, Duration took) {
    add(1, "upstream", outcome);
  }

  @Override
  public void providerCall(String operation, String outcome, Duration took) {
    add(1, "provider", operation, outcome);
  }

  @Override
  public void rootKeyRewrapped(int versions) {
    add(versions, "root-key-rewrapped");
  }
}
