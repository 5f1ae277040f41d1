package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.ServiceInfo;
import dev.portcullis.application.grant.port.in.DeleteClientRegistration;
import dev.portcullis.application.grant.port.in.ReadClientRegistration;
import dev.portcullis.application.grant.port.in.RegisterClient;
import dev.portcullis.application.grant.port.in.RegistrationManager;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.application.grant.port.in.UpdateClientRegistration;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.ClientMetadataError;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dynamic client registration (RFC 7591) at {@code POST /oauth/register}, with the admin token as the
 * initial access token, and client management (RFC 7592) at {@code /oauth/register/:client_id} with the
 * registration access token. Errors use the OAuth format ({@code invalid_client_metadata},
 * {@code invalid_redirect_uri}, {@code invalid_token}).
 */
public final class ClientRegistrationRoutes implements RouteContributor {
  public static final String PATH = "/oauth/register";
  private final RegisterClient register;
  private final ReadClientRegistration read;
  private final UpdateClientRegistration update;
  private final DeleteClientRegistration delete;
  private final Callers callers;
  private final ServiceInfo info;
  private final dev.portcullis.application.grant.port.in.ListClients list;

  @Inject
  public ClientRegistrationRoutes(RegisterClient register, ReadClientRegistration read, UpdateClientRegistration update, DeleteClientRegistration delete,
                                  dev.portcullis.application.grant.port.in.ListClients list, Callers callers, ServiceInfo info) {
    this.list = list;
    this.register = register;
    this.read = read;
    this.update = update;
    this.delete = delete;
    this.callers = callers;
    this.info = info;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.POST, PATH, callers.authenticated((ctx, caller) ->
        handle(ctx, () -> register.register(caller, metadata(body(ctx))), 201)));
    routes.oauth(HttpMethod.GET, PATH + "/:client_id", ctx ->
        handle(ctx, () -> read.read(ctx.pathParam("client_id"), manager(ctx)), 200));
    routes.oauth(HttpMethod.PUT, PATH + "/:client_id", ctx -> handle(ctx, () -> {
      JsonObject body = body(ctx);
      if (!ctx.pathParam("client_id").equals(body.getValue("client_id"))) {
        throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, "the body must carry the client's own client_id (RFC 7592 section 2.2)");
      }
      return update.update(ctx.pathParam("client_id"), manager(ctx), metadata(body));
    }, 200));
    routes.oauth(HttpMethod.DELETE, PATH + "/:client_id", ctx ->
        handle(ctx, () -> delete.delete(ctx.pathParam("client_id"), manager(ctx)), 204));
    routes.get("/v1/tenants/:tenant/clients", callers.authenticated((ctx, caller) -> {
      var page = list.list(caller, dev.portcullis.adapter.http.Params.tenant(ctx), dev.portcullis.adapter.http.Params.positiveInt(ctx, "page", 1),
          dev.portcullis.adapter.http.Params.positiveInt(ctx, "per_page", 50));
      if (page.isEmpty()) {
        HttpErrors.respond(ctx, 403, "forbidden", "only a caller who may register this tenant's clients may list them");
        return;
      }
      dev.portcullis.adapter.http.Json.send(ctx, 200, dev.portcullis.adapter.http.Json.page(page.get(),
          client -> json(new RegistrationOutcome.Registered(client, java.util.Optional.empty(), java.util.Optional.empty()))));
    }));
  }

  /** The admin token (or another caller credential) manages as that caller; anything else is taken as the registration access token. */
  private RegistrationManager manager(RoutingContext ctx) {
    return callers.identify(ctx).<RegistrationManager>map(RegistrationManager.Caller::new)
        .orElseGet(() -> new RegistrationManager.Client(Callers.bearer(ctx)));
  }

  private void handle(RoutingContext ctx, Supplier<RegistrationOutcome> action, int successStatus) {
    RegistrationOutcome outcome;
    try {
      outcome = action.get();
    } catch (ClientMetadataError.Rejected rejected) {
      HttpErrors.respond(ctx, 400, rejected.error().code(), rejected.getMessage());
      return;
    } catch (IllegalArgumentException invalid) {
      HttpErrors.respond(ctx, 400, ClientMetadataError.INVALID_CLIENT_METADATA.code(), invalid.getMessage());
      return;
    }
    switch (outcome) {
      case RegistrationOutcome.Registered registered -> ctx.response().setStatusCode(successStatus)
          .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache")
          .end(json(registered).encode());
      case RegistrationOutcome.Deleted deleted -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
      case RegistrationOutcome.Forbidden forbidden -> HttpErrors.respond(ctx, 403, "insufficient_scope", "this credential may not register or manage clients");
      case RegistrationOutcome.BeyondApproval beyond -> HttpErrors.respond(ctx, 400, ClientMetadataError.INVALID_CLIENT_METADATA.code(), beyond.reason());
      case RegistrationOutcome.InvalidToken invalid -> {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"portcullis\", error=\"invalid_token\"");
        HttpErrors.unauthorized(ctx, "unknown client or invalid registration access token");
      }
    }
  }

  private JsonObject json(RegistrationOutcome.Registered registered) {
    RegisteredClient client = registered.client();
    ClientMetadata m = client.metadata();
    JsonObject json = new JsonObject()
        .put("client_id", client.clientId())
        .put("client_id_issued_at", client.issuedAt().getEpochSecond())
        .put("registration_client_uri", info.issuer() + PATH + "/" + client.clientId())
        .put("client_name", m.clientName())
        .put("grant_types", new JsonArray(m.grantTypes()))
        .put("response_types", new JsonArray(m.responseTypes()))
        .put("redirect_uris", new JsonArray(m.redirectUris().stream().map(URI::toString).toList()))
        .put("token_endpoint_auth_method", m.authMethod().wireName())
        .put("scope", String.join(" ", m.scope().stream().sorted().toList()))
        .put("tenant", m.tenant().value());
    m.jwks().ifPresent(jwks -> json.put("jwks", new JsonObject(jwks)));
    m.jwksUri().ifPresent(uri -> json.put("jwks_uri", uri.toString()));
    registered.clientSecret().ifPresent(secret -> json.put("client_secret", secret).put("client_secret_expires_at", 0));
    registered.registrationAccessToken().ifPresent(token -> json.put("registration_access_token", token));
    return json;
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      if (ctx.body() != null && ctx.body().length() > 0 && ctx.body().asJsonObject() != null) {
        return ctx.body().asJsonObject();
      }
    } catch (DecodeException | ClassCastException e) {
      // fall through
    }
    throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, "the body must be a JSON object of client metadata");
  }

  private static ClientMetadata metadata(JsonObject body) {
    Object jwks = body.getValue("jwks");
    if (jwks != null && !(jwks instanceof JsonObject)) {
      throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, "jwks must be a JSON object");
    }
    String method = string(body, "token_endpoint_auth_method");
    String jwksUri = string(body, "jwks_uri");
    return new ClientMetadata(string(body, "client_name"), strings(body, "grant_types"), strings(body, "response_types"),
        Optional.ofNullable(strings(body, "redirect_uris")).orElse(List.of()).stream().map(u -> ClientMetadata.parseUri("redirect_uris", u)).toList(),
        method == null ? null : TokenEndpointAuthMethod.fromWireName(method),
        Optional.ofNullable((JsonObject) jwks).map(JsonObject::encode),
        Optional.ofNullable(jwksUri).map(u -> ClientMetadata.parseUri("jwks_uri", u)),
        ClientMetadata.parseScope(string(body, "scope")),
        new TenantId(Optional.ofNullable(string(body, "tenant")).orElse("default")));
  }

  private static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, field + " must be a string");
    }
    return (String) value;
  }

  private static List<String> strings(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.stream().anyMatch(v -> !(v instanceof String))) {
      throw new ClientMetadataError.Rejected(field.equals("redirect_uris") ? ClientMetadataError.INVALID_REDIRECT_URI : ClientMetadataError.INVALID_CLIENT_METADATA,
          field + " must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add((String) v));
    return values;
  }
}
