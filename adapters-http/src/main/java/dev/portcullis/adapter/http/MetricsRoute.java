package dev.portcullis.adapter.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;

/** {@code GET /metrics}: Prometheus text exposition of every meter in the registry. */
public final class MetricsRoute implements RouteContributor {
  private final PrometheusMeterRegistry registry;

  @Inject
  public MetricsRoute(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/metrics", ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
  }
}
