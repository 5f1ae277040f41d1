package dev.portcullis.adapter.http.metrics;

import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.DecisionsContract;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;

/** The Micrometer meters under the same contract as the in-memory twin: meter names and label names as documented. */
class MicrometerDecisionsTest implements DecisionsContract {
  private static final Map<String, String[]> METERS = Map.of(
      "token", new String[] {"portcullis.token.requests", "grant_type", "outcome"},
      "audit", new String[] {"portcullis.audit.appends", "action", "outcome"},
      "audit-verify", new String[] {"portcullis.audit.verifications", "result"},
      "api-key", new String[] {"portcullis.api_key.verifications", "outcome", "cache"},
      "upstream", new String[] {"portcullis.session.upstream_renewals", "outcome"},
      "refresh-read", new String[] {"portcullis.session.refresh_reads", "source"},
      "provider", new String[] {"portcullis.provider.calls", "operation", "outcome"},
      "root-key-rewrapped", new String[] {"portcullis.root_key.rewrapped"});
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerDecisions decisions = new MicrometerDecisions(registry);

  @Override
  public Decisions decisions() {
    return decisions;
  }

  @Override
  public long count(String meter, String... labelValues) {
    String[] spec = METERS.get(meter);
    var search = registry.find(spec[0]);
    for (int i = 0; i < labelValues.length; i++) {
      search = search.tag(spec[i + 1], labelValues[i]);
    }
    Timer timer = search.timer();
    if (timer != null) {
      return timer.count();
    }
    Counter counter = search.counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
