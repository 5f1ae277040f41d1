package dev.portcullis.adapter.http.key;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.key.port.in.ListSigningKeys;
import dev.portcullis.application.key.port.in.PublishSigningKeys;
import dev.portcullis.application.key.port.in.RotateSigningKey;
import dev.portcullis.domain.key.SigningKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/** {@code GET /oauth/jwks} (public keys, RFC 7517) and the signing-key administration routes. */
public final class SigningKeyRoutes implements RouteContributor {
  public static final String JWKS_PATH = "/oauth/jwks";
  private final PublishSigningKeys publish;
  private final RotateSigningKey rotate;
  private final ListSigningKeys list;
  private final Callers callers;

  @Inject
  public SigningKeyRoutes(PublishSigningKeys publish, RotateSigningKey rotate, ListSigningKeys list, Callers callers) {
    this.publish = publish;
    this.rotate = rotate;
    this.list = list;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.get(JWKS_PATH, this::jwks);
    routes.get("/v1/admin/signing-keys", callers.authenticated((ctx, caller) -> list.list(caller).ifPresentOrElse(keys -> {
      JsonArray data = new JsonArray();
      keys.forEach(k -> data.add(describe(k)));
      send(ctx, new JsonObject().put("data", data), "no-store");
    }, () -> forbidden(ctx))));
    routes.post("/v1/admin/signing-keys/rotate", callers.authenticated((ctx, caller) -> rotate.rotate(caller).ifPresentOrElse(
        key -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(describe(key).encode()),
        () -> forbidden(ctx))));
  }

  private void jwks(RoutingContext ctx) {
    JsonArray keys = new JsonArray();
    publish.jwks().forEach(jwk -> keys.add(new JsonObject(jwk)));
    // Verifiers may cache briefly; new keys are published well before they sign (the rotation overlap).
    send(ctx, new JsonObject().put("keys", keys), "public, max-age=300");
  }

  private static JsonObject describe(SigningKey key) {
    JsonObject json = new JsonObject().put("kid", key.kid()).put("alg", key.algorithm().jwsName())
        .put("created_at", key.createdAt().toString()).put("active_from", key.activeFrom().toString());
    key.retiredAt().ifPresent(at -> json.put("retired_at", at.toString()));
    return json;
  }

  private static void send(RoutingContext ctx, JsonObject body, String cacheControl) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", cacheControl).end(body.encode());
  }

  private static void forbidden(RoutingContext ctx) {
    HttpErrors.respond(ctx, 403, "forbidden", "this endpoint is for administrators");
  }
}
