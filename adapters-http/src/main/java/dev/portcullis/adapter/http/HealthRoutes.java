package dev.portcullis.adapter.http;

import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Locale;

/** {@code /health/live} (the process answers) and {@code /health/ready} (its dependencies do). */
public final class HealthRoutes implements RouteContributor {
  private final CheckReadiness checkReadiness;

  @Inject
  public HealthRoutes(CheckReadiness checkReadiness) {
    this.checkReadiness = checkReadiness;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/health/live", ctx -> json(ctx, 200, new JsonObject().put("status", "live")));
    routes.get("/health/ready", this::ready);
  }

  private void ready(RoutingContext ctx) {
    ReadinessReport report = checkReadiness.check();
    JsonArray checks = new JsonArray();
    report.checks().forEach(c -> checks.add(new JsonObject()
        .put("name", c.name())
        .put("status", c.status().name().toLowerCase(Locale.ROOT))
        .put("latency_ms", c.latency().toNanos() / 1_000_000.0)
        .put("detail", c.detail())));
    JsonArray features = new JsonArray();
    for (FeatureState f : report.features()) {
      features.add(new JsonObject().put("name", f.name()).put("state", f.state().name().toLowerCase(Locale.ROOT)).put("detail", f.detail()));
    }
    JsonObject body = new JsonObject()
        .put("status", report.ready() ? "ready" : "not_ready")
        .put("checked_at", report.checkedAt().toString())
        .put("checks", checks)
        .put("features", features);
    json(ctx, report.ready() ? 200 : 503, body);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
