package dev.portcullis.adapter.http;

import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (it should get traffic: 200 when
 * ready or degraded, 503 when a required dependency is down or the node is draining).
 */
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
        .put("status", lower(c.status()))
        .put("latency_ms", c.latency().toNanos() / 1_000_000.0)
        .put("detail", c.detail())
        .put("required", c.required())
        .put("affects", new JsonArray(c.affects()))));
    JsonArray features = new JsonArray();
    for (FeatureState f : report.features()) {
      features.add(new JsonObject().put("name", f.name()).put("state", lower(f.state())).put("detail", f.detail()));
    }
    JsonObject body = new JsonObject()
        .put("status", report.ready() ? "ready" : "not_ready")
        .put("state", lower(report.state()))
        .put("detail", detail(report))
        .put("checked_at", report.checkedAt().toString())
        .put("checks", checks)
        .put("unavailable", new JsonArray(report.unavailable()))
        .put("features", features);
    json(ctx, report.ready() ? 200 : 503, body);
  }

  private static String detail(ReadinessReport report) {
    return switch (report.state()) {
      case READY -> "every configured dependency answers";
      case DEGRADED -> String.join(", ", down(report, false)) + " down; unavailable: " + String.join(", ", report.unavailable())
          + "; everything else is served";
      case NOT_READY -> String.join(", ", down(report, true)) + " down: this node cannot serve its core paths";
      case DRAINING -> "draining: shutting down, in-flight requests are being finished; send new traffic elsewhere";
    };
  }

  private static List<String> down(ReadinessReport report, boolean required) {
    return report.checks().stream()
        .filter(c -> c.status() == ReadinessReport.Check.Status.DOWN && (!required || c.required()))
        .map(ReadinessReport.Check::name)
        .toList();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
