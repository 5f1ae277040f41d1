package dev.portcullis.adapter.http.metrics;

import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;

/** {@link Decisions} as Micrometer meters, scraped at {@code /metrics}; names and labels in docs/operations.md. */
public final class MicrometerDecisions implements Decisions {
  private final MeterRegistry registry;

  @Inject
  public MicrometerDecisions(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void tokenRequest(String grantType, String outcome, Duration took) {
    Timer.builder("portcullis.token.requests").description("Token endpoint requests by grant type and outcome (issued, or the OAuth error)")
        .tag("grant_type", grantType).tag("outcome", outcome).register(registry).record(took);
  }

  @Override
  public void audited(AuditAction action, AuditOutcome outcome) {
    Counter.builder("portcullis.audit.appends").description("Audit records appended, by action and outcome")
        .tag("action", action.wireName()).tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  @Override
  public void auditChainVerified(boolean intact) {
    Counter.builder("portcullis.audit.verifications").description("Audit chain verifications, by result")
        .tag("result", intact ? "intact" : "broken").register(registry).increment();
  }

  @Override
  public void apiKeyVerified(String outcome, boolean cacheHit) {
    Counter.builder("portcullis.api_key.verifications").description("API keys presented, by outcome and whether the cache answered")
        .tag("outcome", outcome).tag("cache", cacheHit ? "hit" : "miss").register(registry).increment();
  }

  @Override
  public void refreshRead(String source) {
    Counter.builder("portcullis.session.refresh_reads").description("Refresh grants by where the token and its session came from: this node's memory or the store")
        .tag("source", source).register(registry).increment();
  }

  @Override
  public void upstreamRenewal(String outcome, Duration took) {
    Timer.builder("portcullis.session.upstream_renewals").description("Renewals of sessions' upstream tokens at the upstream OpenID provider")
        .tag("outcome", outcome).register(registry).record(took);
  }

  @Override
  public void providerCall(String operation, String outcome, Duration took) {
    Timer.builder("portcullis.provider.calls").description("Calls to third-party providers of the token vault, by operation and outcome")
        .tag("operation", operation).tag("outcome", outcome).register(registry).record(took);
  }

  @Override
  public void rootKeyRewrapped(int versions) {
    Counter.builder("portcullis.root_key.rewrapped").description("Data keys re-wrapped under the primary root key").register(registry).increment(versions);
  }
}
