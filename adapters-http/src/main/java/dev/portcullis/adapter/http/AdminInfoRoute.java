package dev.portcullis.adapter.http;

import dev.portcullis.application.health.port.out.FeatureCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.Locale;

/** {@code GET /v1/admin/info}: version, mode, issuer and features; admin token required. */
public final class AdminInfoRoute implements RouteContributor {
  private final ServiceInfo info;
  private final FeatureCatalog features;
  private final AdminOnly adminOnly;

  @Inject
  public AdminInfoRoute(ServiceInfo info, FeatureCatalog features, AdminOnly adminOnly) {
    this.info = info;
    this.features = features;
    this.adminOnly = adminOnly;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v1/admin/info", adminOnly.guard(ctx -> {
      JsonArray list = new JsonArray();
      features.features().forEach(f -> list.add(new JsonObject().put("name", f.name()).put("state", f.state().name().toLowerCase(Locale.ROOT)).put("detail", f.detail())));
      HealthRoutes.json(ctx, 200, new JsonObject()
          .put("version", info.version())
          .put("mode", info.mode())
          .put("issuer", info.issuer())
          .put("features", list));
    }));
  }
}
