package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.secret.port.in.RootKeyRotation;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/** {@code POST /v1/admin/root-key/rotate} and {@code GET /v1/admin/root-key/status}. */
public final class RootKeyRoutes implements RouteContributor {
  private final RootKeyRotation rotation;
  private final Callers callers;

  @Inject
  public RootKeyRoutes(RootKeyRotation rotation, Callers callers) {
    this.rotation = rotation;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/v1/admin/root-key/rotate", callers.authenticated((ctx, caller) ->
        Outcomes.respond(ctx, rotation.rotate(caller), status -> Json.send(ctx, 202, json(status)))));
    routes.get("/v1/admin/root-key/status", callers.authenticated((ctx, caller) ->
        Outcomes.respond(ctx, rotation.status(caller), status -> Json.send(ctx, 200, json(status)))));
  }

  private static JsonObject json(RootKeyRotation.Status status) {
    JsonObject byKek = new JsonObject();
    status.versionsByKek().forEach(byKek::put);
    return new JsonObject()
        .put("primary_kek", status.primaryKekId())
        .put("rewrap", new JsonObject().put("state", status.complete() ? "complete" : "in_progress")
            .put("done", status.done()).put("total", status.total()))
        .put("versions_by_kek", byKek);
  }
}
