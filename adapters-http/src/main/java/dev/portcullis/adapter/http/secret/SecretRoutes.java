package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.Params;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.UnicodeText;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/** {@code /v1/tenants/:tenant/secrets...}: the secret vault's REST API. Names containing '/' are sent as %2F. */
public final class SecretRoutes implements RouteContributor {
  static final String BASE = "/v1/tenants/:tenant/secrets";
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
    routes.put(BASE + "/:name", callers.authenticated(this::save));
    routes.get(BASE + "/:name", callers.authenticated(this::read));
    routes.add(HttpMethod.HEAD, BASE + "/:name", dev.portcullis.adapter.http.ErrorFormat.REST, callers.authenticated(this::exists));
    routes.patch(BASE + "/:name", callers.authenticated(this::updateMetadata));
    routes.delete(BASE + "/:name", callers.authenticated(this::delete));
    routes.post(BASE + "/:name/restore", callers.authenticated(this::restore));
    routes.get(BASE + "/:name/versions", callers.authenticated(this::versions));
  }

  private void save(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.onlyFields(Json.body(ctx), SAVE_FIELDS);
    if (!(body.getValue("value") instanceof String value)) {
      throw new IllegalArgumentException("value is required and must be a string");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value must not be empty");
    }
    UnicodeText.requireWellFormed("value", value); // else UTF-8 encoding would store '?' in its place
    var command = new SaveSecret.Save(SecretParams.secretsTenant(ctx), SecretParams.name(ctx), SecretBytes.ofUtf8(value),
        Json.optionalString(body, "description"), SecretJson.optionalTags(body), Json.optionalString(body, "created_by"), SecretParams.ifMatch(ctx));
    Outcomes.respond(ctx, secrets.save().save(caller, command), written -> {
      ctx.response().putHeader("ETag", "\"" + written.record().currentVersion() + "\"");
      Json.send(ctx, written.created() ? 201 : 200, SecretJson.record(written.record()));
    });
  }

  private void read(RoutingContext ctx, RequestContext caller) {
    Outcomes.respond(ctx, secrets.read().read(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx), SecretParams.optionalVersion(ctx)), revealed -> {
      JsonObject json = SecretJson.record(revealed.record()).put("version", revealed.version()).put("value", revealed.value().revealUtf8());
      revealed.value().destroy();
      ctx.response().putHeader("ETag", "\"" + revealed.record().currentVersion() + "\"");
      Json.send(ctx, 200, json);
    });
  }

  private void exists(RoutingContext ctx, RequestContext caller) {
    Outcomes.respond(ctx, secrets.describe().describe(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx)), record ->
        ctx.response().putHeader("ETag", "\"" + record.currentVersion() + "\"").putHeader("Cache-Control", "no-store").end());
  }

  private void updateMetadata(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.body(ctx);
    if (body.containsKey("value")) {
      throw new IllegalArgumentException("PATCH changes metadata only; write a new version with PUT to change the value");
    }
    Json.onlyFields(body, METADATA_FIELDS);
    Outcomes.respond(ctx, secrets.updateMetadata().updateMetadata(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx), Json.optionalString(body, "description"),
        SecretJson.optionalTags(body), SecretParams.ifMatch(ctx)), record -> Json.send(ctx, 200, SecretJson.record(record)));
  }

  private void delete(RoutingContext ctx, RequestContext caller) {
    String purge = ctx.queryParams().get("purge");
    if (purge != null && !purge.equals("true") && !purge.equals("false")) {
      throw new IllegalArgumentException("purge must be true or false");
    }
    if ("true".equals(purge)) {
      Outcomes.respond(ctx, secrets.purge().purge(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx)), nothing -> ctx.response().setStatusCode(204).end());
    } else {
      Outcomes.respond(ctx, secrets.delete().delete(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx)), record -> ctx.response().setStatusCode(204).end());
    }
  }

  private void restore(RoutingContext ctx, RequestContext caller) {
    Outcomes.respond(ctx, secrets.restore().restore(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx)), record -> Json.send(ctx, 200, SecretJson.record(record)));
  }

  private void versions(RoutingContext ctx, RequestContext caller) {
    Outcomes.respond(ctx, secrets.versions().versions(caller, SecretParams.secretsTenant(ctx), SecretParams.name(ctx)), versions -> {
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
