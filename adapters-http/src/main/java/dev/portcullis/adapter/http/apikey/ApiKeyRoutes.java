package dev.portcullis.adapter.http.apikey;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.application.apikey.port.in.ApiKeyOutcome;
import dev.portcullis.application.apikey.port.in.CreateApiKey;
import dev.portcullis.application.apikey.port.in.GetApiKey;
import dev.portcullis.application.apikey.port.in.ListApiKeys;
import dev.portcullis.application.apikey.port.in.RevokeApiKey;
import dev.portcullis.application.apikey.port.in.RotateApiKey;
import dev.portcullis.application.apikey.port.in.UpdateApiKey;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** {@code /v1/tenants/:tenant/api-keys}: the API key lifecycle. The full key appears in exactly one response: the 201 that created it. */
public final class ApiKeyRoutes implements RouteContributor {
  static final String BASE = "/v1/tenants/:tenant/api-keys";
  private final CreateApiKey create;
  private final ListApiKeys list;
  private final GetApiKey get;
  private final UpdateApiKey update;
  private final RevokeApiKey revoke;
  private final RotateApiKey rotate;
  private final Callers callers;

  @Inject
  public ApiKeyRoutes(CreateApiKey create, ListApiKeys list, GetApiKey get, UpdateApiKey update, RevokeApiKey revoke, RotateApiKey rotate,
                      Callers callers) {
    this.create = create;
    this.list = list;
    this.get = get;
    this.update = update;
    this.revoke = revoke;
    this.rotate = rotate;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.post(BASE, callers.authenticated(this::create));
    routes.get(BASE, callers.authenticated(this::list));
    routes.get(BASE + "/:id", callers.authenticated(this::get));
    routes.patch(BASE + "/:id", callers.authenticated(this::update));
    routes.delete(BASE + "/:id", callers.authenticated(this::revoke));
    routes.post(BASE + "/:id/rotate", callers.authenticated(this::rotate));
  }

  private void create(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.onlyFields(Json.body(ctx), Set.of("name", "scopes", "identity", "allowed_origins", "expires_at"));
    JsonObject identity = body.getValue("identity") instanceof JsonObject object ? Json.onlyFields(object, Set.of("subject", "email", "display_name", "tags")) : null;
    if (identity == null || !(identity.getValue("subject") instanceof String subject)) {
      throw new IllegalArgumentException("identity.subject is required: who the key acts as");
    }
    var request = new CreateApiKey.NewKey(required(body, "name"), Json.strings(body, "scopes").map(Set::copyOf).orElse(Set.of()),
        new ApiKeyIdentity(subject, Optional.ofNullable(Json.optionalString(identity, "email")), Optional.ofNullable(Json.optionalString(identity, "display_name")),
            Json.strings(identity, "tags").orElse(List.of())),
        Json.strings(body, "allowed_origins").orElse(List.of()), instant(body, "expires_at").orElse(Optional.empty()));
    respond(ctx, create.create(caller, tenant(ctx), request), created -> Json.send(ctx, 201, json(created.key()).put("key", created.fullKey())));
  }

  private void list(RoutingContext ctx, RequestContext caller) {
    String limit = ctx.queryParams().get("limit");
    int size;
    try {
      size = limit == null ? 50 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be an integer between 1 and 100");
    }
    respond(ctx, list.list(caller, tenant(ctx), Optional.ofNullable(ctx.queryParams().get("after")), size), listing -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(listing.keys().stream().map(ApiKeyRoutes::json).toList()));
      listing.nextCursor().ifPresent(next -> page.put("next", next));
      Json.send(ctx, 200, page);
    });
  }

  private void get(RoutingContext ctx, RequestContext caller) {
    respond(ctx, get.get(caller, tenant(ctx), ctx.pathParam("id")), key -> Json.send(ctx, 200, json(key)));
  }

  private void update(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.body(ctx);
    for (String field : body.fieldNames()) {
      if (!Set.of("name", "scopes", "allowed_origins", "expires_at").contains(field)) {
        throw new IllegalArgumentException("only name, scopes, allowed_origins and expires_at can change; the identity is fixed (create a new key)");
      }
    }
    var changes = new UpdateApiKey.Changes(Optional.ofNullable(Json.optionalString(body, "name")), Json.strings(body, "scopes").map(Set::copyOf),
        Json.strings(body, "allowed_origins"), instant(body, "expires_at"));
    respond(ctx, update.update(caller, tenant(ctx), ctx.pathParam("id"), changes), key -> Json.send(ctx, 200, json(key)));
  }

  private void revoke(RoutingContext ctx, RequestContext caller) {
    respond(ctx, revoke.revoke(caller, tenant(ctx), ctx.pathParam("id")), key -> Json.send(ctx, 200, json(key)));
  }

  private void rotate(RoutingContext ctx, RequestContext caller) {
    respond(ctx, rotate.rotate(caller, tenant(ctx), ctx.pathParam("id")), created -> Json.send(ctx, 201, json(created.key()).put("key", created.fullKey())));
  }

  private static <T> void respond(RoutingContext ctx, ApiKeyOutcome<T> outcome, Consumer<T> ok) {
    switch (outcome) {
      case ApiKeyOutcome.Ok<T> success -> ok.accept(success.value());
      case ApiKeyOutcome.Denied<T> denied -> HttpErrors.respond(ctx, 403, "forbidden", "the caller may not manage API keys of this tenant");
      case ApiKeyOutcome.BeyondCaller<T> beyond -> HttpErrors.respond(ctx, 403, "insufficient_scope", beyond.refusal().describe());
      case ApiKeyOutcome.NotFound<T> notFound -> HttpErrors.respond(ctx, 404, "api_key_not_found", "no such API key in this tenant");
      case ApiKeyOutcome.Invalid<T> invalid -> HttpErrors.respond(ctx, 400, "invalid_request", invalid.message());
    }
  }

  /** Everything about a key except its secret, which is never stored. */
  static JsonObject json(ApiKey key) {
    JsonObject identity = new JsonObject().put("subject", key.identity().subject()).put("tags", new JsonArray(key.identity().tags()));
    key.identity().email().ifPresent(email -> identity.put("email", email));
    key.identity().displayName().ifPresent(name -> identity.put("display_name", name));
    JsonObject json = new JsonObject().put("id", key.id()).put("prefix", key.prefix()).put("fingerprint", key.fingerprint()).put("tenant", key.tenant().value())
        .put("name", key.name()).put("scopes", new JsonArray(key.scopes().stream().sorted().toList())).put("identity", identity)
        .put("allowed_origins", new JsonArray(key.allowedOrigins())).put("created_at", key.createdAt().toString()).put("revoked", key.revokedAt().isPresent());
    key.expiresAt().ifPresent(at -> json.put("expires_at", at.toString()));
    key.lastUsedAt().ifPresent(at -> json.put("last_used_at", at.toString()));
    key.revokedAt().ifPresent(at -> json.put("revoked_at", at.toString()));
    key.rotatedTo().ifPresent(id -> json.put("rotated_to", id));
    return json;
  }

  private static TenantId tenant(RoutingContext ctx) {
    return new TenantId(ctx.pathParam("tenant"));
  }

  private static String required(JsonObject body, String field) {
    String value = Json.optionalString(body, field);
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  /** Absent: empty; JSON null: present-but-empty (remove); a string: an RFC 3339 instant. */
  private static Optional<Optional<Instant>> instant(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.of(Optional.empty());
    }
    try {
      return Optional.of(Optional.of(Instant.parse((String) value)));
    } catch (ClassCastException | DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an RFC 3339 instant such as 2027-01-31T00:00:00Z, or null");
    }
  }
}
