package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.Json;
import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.secret.port.in.ReadRootKeyStatus;
import dev.portcullis.application.secret.port.in.RootKeyStatus;
import dev.portcullis.application.secret.port.in.RotateRootKey;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/** {@code POST /v1/admin/root-key/rotate} and {@code GET /v1/admin/root-key/status}. */
public final class RootKeyRoutes implements RouteContributor {
  private final RotateRootKey rotation;
  private final ReadRootKeyStatus status;
  private final Callers callers;

  @Inject
  public RootKeyRoutes(RotateRootKey rotation, ReadRootKeyStatus status, Callers callers) {
    this.rotation = rotation;
    this.status = status;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/v1/admin/root-key/rotate", callers.authenticated((ctx, caller) ->
        Outcomes.respond(ctx, rotation.rotate(caller), status -> Json.send(ctx, 202, json(status)))));
    routes.get("/v1/admin/root-key/status", callers.authenticated((ctx, caller) ->
        Outcomes.respond(ctx, status.status(caller), status -> Json.send(ctx, 200, json(status)))));
  }

  private static JsonObject json(RootKeyStatus status) {
    JsonObject byKek = new JsonObject();
    status.versionsByKek().forEach(byKek::put);
    return new JsonObject()
        .put("primary_kek", status.primaryKekId())
        .put("rewrap", new JsonObject().put("state", status.complete() ? "complete" : "in_progress")
            .put("done", status.done()).put("total", status.total()))
        .put("versions_by_kek", byKek)
        .put("root_key", new JsonObject().put("provider", status.rootKeyProvider())
            .put("state", status.providerMigrated() ? "complete" : "migrating")
            .put("keks_by_provider", new JsonObject(new java.util.LinkedHashMap<String, Object>(status.keksByRootKeyProvider()))));
  }
}
