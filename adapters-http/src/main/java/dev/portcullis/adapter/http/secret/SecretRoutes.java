package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.Params;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.UnicodeText;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /v1/tenants/:tenant/secrets...}: the secret vault's REST API. Names containing '/' are sent as %2F.
 * Every route on one secret exists twice: by name under {@code secrets/:name} and by the secret's id under
 * {@code secrets-by-id/:id}, with the same handler.
 */
public final class SecretRoutes implements RouteContributor {
  static final String BASE = "/v1/tenants/:tenant/secrets";
  static final String BY_ID = "/v1/tenants/:tenant/secrets-by-id/:id";
  /** What a PUT may carry; anything else is a 400 naming it, never accepted and dropped. */
  private static final java.util.Set<String> SAVE_FIELDS = java.util.Set.of("value", "description", "tags", "created_by");
  private static final java.util.Set<String> METADATA_FIELDS = java.util.Set.of("description", "tags");
  private final SecretUseCases secrets;
  private final Callers callers;

  @Inject
  public SecretRoutes(SecretUseCases secrets, Callers callers) {
    this.secrets = secrets;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.get(BASE, callers.authenticated(this::search));
    register(routes, BASE + "/:name", (ctx, caller) -> new Target() {
      @Override
      public <T> SecretOutcome<T> apply(AuditAction audited, Function<SecretName, SecretOutcome<T>> action) {
        return action.apply(SecretParams.name(ctx));
      }
    });
    register(routes, BY_ID, (ctx, caller) -> new Target() {
      @Override
      public <T> SecretOutcome<T> apply(AuditAction audited, Function<SecretName, SecretOutcome<T>> action) {
        return secrets.byId().resolve(caller, SecretParams.secretsTenant(ctx), ctx.pathParam("id"), audited, action);
      }
    });
  }

  private void register(Routes routes, String one, BiFunction<RoutingContext, RequestContext, Target> targets) {
    routes.put(one, on(targets, this::save));
    routes.get(one, on(targets, this::read));
    routes.add(HttpMethod.HEAD, one, dev.portcullis.adapter.http.ErrorFormat.REST, on(targets, this::exists));
    routes.patch(one, on(targets, this::updateMetadata));
    routes.delete(one, on(targets, this::delete));
    routes.post(one + "/restore", on(targets, this::restore));
    routes.get(one + "/versions", on(targets, this::versions));
  }

  /** The one secret a route addresses, by name or by id: runs a by-name use case on it. */
  private interface Target {
    <T> SecretOutcome<T> apply(AuditAction audited, Function<SecretName, SecretOutcome<T>> action);
  }

  private interface OnSecret {
    void handle(RoutingContext ctx, RequestContext caller, Target target);
  }

  private io.vertx.core.Handler<RoutingContext> on(BiFunction<RoutingContext, RequestContext, Target> targets, OnSecret handler) {
    return callers.authenticated((ctx, caller) -> handler.handle(ctx, caller, targets.apply(ctx, caller)));
  }

  private void save(RoutingContext ctx, RequestContext caller, Target target) {
    JsonObject body = Json.onlyFields(Json.body(ctx), SAVE_FIELDS);
    if (!(body.getValue("value") instanceof String value)) {
      throw new IllegalArgumentException("value is required and must be a string");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value must not be empty");
    }
    UnicodeText.requireWellFormed("value", value); // else UTF-8 encoding would store '?' in its place
    SecretBytes bytes = SecretBytes.ofUtf8(value);
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_WRITE, name -> secrets.save().save(caller, new SaveSecret.Save(SecretParams.secretsTenant(ctx), name, bytes,
        Json.optionalString(body, "description"), SecretJson.optionalTags(body), Json.optionalString(body, "created_by"), SecretParams.ifMatch(ctx)))), written -> {
      ctx.response().putHeader("ETag", "\"" + written.record().currentVersion() + "\"");
      Json.send(ctx, written.created() ? 201 : 200, SecretJson.record(written.record()));
    });
  }

  private void read(RoutingContext ctx, RequestContext caller, Target target) {
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_READ, name -> secrets.read().read(caller, SecretParams.secretsTenant(ctx), name, SecretParams.optionalVersion(ctx))), revealed -> {
      JsonObject json = SecretJson.record(revealed.record()).put("version", revealed.version()).put("value", revealed.value().revealUtf8());
      revealed.value().destroy();
      ctx.response().putHeader("ETag", "\"" + revealed.record().currentVersion() + "\"");
      Json.send(ctx, 200, json);
    });
  }

  private void exists(RoutingContext ctx, RequestContext caller, Target target) {
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_READ, name -> secrets.describe().describe(caller, SecretParams.secretsTenant(ctx), name)), record ->
        ctx.response().putHeader("ETag", "\"" + record.currentVersion() + "\"").putHeader("Cache-Control", "no-store").end());
  }

  private void updateMetadata(RoutingContext ctx, RequestContext caller, Target target) {
    JsonObject body = Json.body(ctx);
    if (body.containsKey("value")) {
      throw new IllegalArgumentException("PATCH changes metadata only; write a new version with PUT to change the value");
    }
    Json.onlyFields(body, METADATA_FIELDS);
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_UPDATE, name -> secrets.updateMetadata().updateMetadata(caller, SecretParams.secretsTenant(ctx), name, Json.optionalString(body, "description"),
        SecretJson.optionalTags(body), SecretParams.ifMatch(ctx))), record -> Json.send(ctx, 200, SecretJson.record(record)));
  }

  private void delete(RoutingContext ctx, RequestContext caller, Target target) {
    String purge = ctx.queryParams().get("purge");
    if (purge != null && !purge.equals("true") && !purge.equals("false")) {
      throw new IllegalArgumentException("purge must be true or false");
    }
    if ("true".equals(purge)) {
      Outcomes.respond(ctx, target.apply(AuditAction.SECRET_PURGE, name -> secrets.purge().purge(caller, SecretParams.secretsTenant(ctx), name)), nothing -> ctx.response().setStatusCode(204).end());
    } else {
      Outcomes.respond(ctx, target.apply(AuditAction.SECRET_DELETE, name -> secrets.delete().delete(caller, SecretParams.secretsTenant(ctx), name)), record -> ctx.response().setStatusCode(204).end());
    }
  }

  private void restore(RoutingContext ctx, RequestContext caller, Target target) {
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_RESTORE, name -> secrets.restore().restore(caller, SecretParams.secretsTenant(ctx), name)), record -> Json.send(ctx, 200, SecretJson.record(record)));
  }

  private void versions(RoutingContext ctx, RequestContext caller, Target target) {
    Outcomes.respond(ctx, target.apply(AuditAction.SECRET_READ, name -> secrets.versions().versions(caller, SecretParams.secretsTenant(ctx), name)), versions -> {
      JsonArray data = new JsonArray();
      versions.forEach(v -> data.add(new JsonObject().put("version", v.version()).put("created_at", v.createdAt().toString()).put("created_by", v.createdBy())));
      Json.send(ctx, 200, new JsonObject().put("data", data));
    });
  }

  private void search(RoutingContext ctx, RequestContext caller) {
    var query = new SecretQuery(Params.optionalText(ctx, "search"), Params.optionalText(ctx, "prefix"), Params.optionalText(ctx, "tag"),
        Params.positiveInt(ctx, "page", 1), Params.positiveInt(ctx, "per_page", 20));
    Outcomes.respond(ctx, secrets.search().search(caller, SecretParams.secretsTenant(ctx), query), page -> Json.send(ctx, 200, Json.page(page, SecretJson::record)));
  }

}
