package dev.portcullis.adapter.http.connection;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.application.connection.ConnectSettings;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /v1/tenants/:tenant/providers} and {@code /v1/tenants/:tenant/connections}: the outbound token
 * vault. Client secrets and private keys go in and never come out; tokens come out only of
 * {@code .../connections/:id/token}.
 */
public final class ConnectionRoutes implements RouteContributor {
  public static final String CALLBACK = "/v1/connect/callback";
  static final String PROVIDERS = "/v1/tenants/:tenant/providers";
  static final String CONNECTIONS = "/v1/tenants/:tenant/connections";
  private static final Set<String> PROVIDER_FIELDS = Set.of("name", "issuer", "authorization_endpoint", "token_endpoint", "revocation_endpoint",
      "userinfo_endpoint", "device_authorization_endpoint", "jwks_uri", "client_id", "token_endpoint_auth_method", "client_secret", "assertion_alg",
      "private_jwk", "scopes", "grant_types", "return_urls", "insecure", "refresh_buffer_seconds");
  private final ProviderUseCases providers;
  private final StartConnection start;
  private final CompleteConnectionCallback callback;
  private final ConnectWithoutBrowser connectWithoutBrowser;
  private final ListConnections list;
  private final GetConnection get;
  private final ConnectionTokenUseCases tokens;
  private final DeleteConnection delete;
  private final Callers callers;
  private final String callbackUri;

  @Inject
  public ConnectionRoutes(ProviderUseCases providers, StartConnection start, CompleteConnectionCallback callback, ConnectWithoutBrowser connectWithoutBrowser,
                          ListConnections list, GetConnection get, ConnectionTokenUseCases tokens, DeleteConnection delete, Callers callers,
                          ConnectSettings settings) {
    this.providers = providers;
    this.start = start;
    this.callback = callback;
    this.connectWithoutBrowser = connectWithoutBrowser;
    this.list = list;
    this.get = get;
    this.tokens = tokens;
    this.delete = delete;
    this.callers = callers;
    this.callbackUri = settings.callbackUri().toString();
  }

  @Override
  public void register(Routes routes) {
    routes.post(PROVIDERS, callers.authenticated(this::createProvider));
    routes.get(PROVIDERS, callers.authenticated(this::listProviders));
    routes.get(PROVIDERS + "/:provider", callers.authenticated(this::getProvider));
    routes.patch(PROVIDERS + "/:provider", callers.authenticated(this::updateProvider));
    routes.delete(PROVIDERS + "/:provider", callers.authenticated(this::deleteProvider));
    routes.post(PROVIDERS + "/:provider/authorize", callers.authenticated(this::authorize));
    routes.post(PROVIDERS + "/:provider/connections", callers.authenticated(this::connect));
    routes.add(HttpMethod.GET, CALLBACK, dev.portcullis.adapter.http.ErrorFormat.REST, this::callback);
    routes.get(CONNECTIONS, callers.authenticated(this::listConnections));
    routes.get(CONNECTIONS + "/:id", callers.authenticated(this::getConnection));
    routes.delete(CONNECTIONS + "/:id", callers.authenticated(this::deleteConnection));
    routes.get(CONNECTIONS + "/:id/token", callers.authenticated((ctx, caller) -> sendToken(ctx, tokens.issue().issue(caller, tenant(ctx), ctx.pathParam("id")))));
    routes.post(CONNECTIONS + "/:id/refresh", callers.authenticated((ctx, caller) ->
        sendToken(ctx, tokens.refresh().refresh(caller, tenant(ctx), ctx.pathParam("id")))));
    routes.get(CONNECTIONS + "/:id/userinfo", callers.authenticated((ctx, caller) ->
        respond(ctx, tokens.userinfo().userinfo(caller, tenant(ctx), ctx.pathParam("id")), claims -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          Json.send(ctx, 200, new JsonObject(claims));
        })));
  }

  // ---------------------------------------------------------------- providers

  private void createProvider(RoutingContext ctx, RequestContext caller) {
    respond(ctx, providers.register().create(caller, tenant(ctx), providerRequest(Json.body(ctx))), provider -> Json.send(ctx, 201, json(provider)));
  }

  private void listProviders(RoutingContext ctx, RequestContext caller) {
    respond(ctx, providers.list().list(caller, tenant(ctx), Optional.ofNullable(ctx.queryParams().get("after")), limit(ctx)), listing -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(listing.providers().stream().map(this::json).toList()));
      listing.nextCursor().ifPresent(next -> page.put("next", next));
      Json.send(ctx, 200, page);
    });
  }

  private void getProvider(RoutingContext ctx, RequestContext caller) {
    respond(ctx, providers.get().get(caller, tenant(ctx), ctx.pathParam("provider")), provider -> Json.send(ctx, 200, json(provider)));
  }

  private void updateProvider(RoutingContext ctx, RequestContext caller) {
    respond(ctx, providers.update().update(caller, tenant(ctx), ctx.pathParam("provider"), providerRequest(Json.body(ctx))),
        provider -> Json.send(ctx, 200, json(provider)));
  }

  private void deleteProvider(RoutingContext ctx, RequestContext caller) {
    respond(ctx, providers.delete().delete(caller, tenant(ctx), ctx.pathParam("provider")), provider -> ctx.response().setStatusCode(204).end());
  }

  private static RegisterProvider.ProviderRequest providerRequest(JsonObject body) {
    Json.onlyFields(body, PROVIDER_FIELDS);
    if (body.containsKey("insecure") && !Boolean.FALSE.equals(body.getValue("insecure"))) {
      throw new IllegalArgumentException("insecure is no longer a provider setting: whether Portcullis may use plain http, and reach internal addresses, "
          + "is the operator's egress policy (PORTCULLIS_EGRESS_ALLOW_HTTP, PORTCULLIS_EGRESS_ALLOW)");
    }
    Object privateJwk = body.getValue("private_jwk");
    if (privateJwk != null && !(privateJwk instanceof JsonObject)) {
      throw new IllegalArgumentException("private_jwk must be a JSON object (a JWK)");
    }
    Object buffer = body.getValue("refresh_buffer_seconds");
    if (buffer != null && !(buffer instanceof Integer || buffer instanceof Long)) {
      throw new IllegalArgumentException("refresh_buffer_seconds must be a whole number of seconds (0-3600)");
    }
    return new RegisterProvider.ProviderRequest(text(body, "name"), text(body, "issuer"), text(body, "authorization_endpoint"), text(body, "token_endpoint"),
        text(body, "revocation_endpoint"), text(body, "userinfo_endpoint"), text(body, "device_authorization_endpoint"), text(body, "jwks_uri"),
        text(body, "client_id"), text(body, "token_endpoint_auth_method"), text(body, "client_secret").map(SecretBytes::ofUtf8), text(body, "assertion_alg"),
        Optional.ofNullable((JsonObject) privateJwk).map(jwk -> SecretBytes.ofUtf8(jwk.encode())), Json.strings(body, "scopes"),
        Json.strings(body, "grant_types"), Json.strings(body, "return_urls"), Optional.ofNullable(buffer).map(b -> ((Number) b).longValue()));
  }

  /** Everything about a provider except its secrets: the public assertion key and our redirect URI are what an admin registers there. */
  private JsonObject json(Provider provider) {
    JsonObject json = new JsonObject().put("id", provider.id()).put("tenant", provider.tenant().value()).put("name", provider.name())
        .put("client_id", provider.clientId()).put("token_endpoint_auth_method", provider.authMethod().wireName())
        .put("client_secret_set", provider.clientSecret().isPresent()).put("scopes", new JsonArray(provider.scopes()))
        .put("grant_types", new JsonArray(provider.grantTypes().stream().sorted().toList()))
        .put("return_urls", new JsonArray(provider.returnUrls().stream().map(URI::toString).toList()))
        .put("redirect_uri", callbackUri).put("created_at", provider.createdAt().toString()).put("updated_at", provider.updatedAt().toString());
    provider.issuer().ifPresent(issuer -> json.put("issuer", issuer.toString()));
    provider.refreshBuffer().ifPresent(buffer -> json.put("refresh_buffer_seconds", buffer.toSeconds()));
    provider.endpoints().ifPresent(endpoints -> endpoints(json, endpoints));
    provider.assertionKey().ifPresent(key -> json.put("assertion_alg", key.algorithm())
        .put("jwks", new JsonObject().put("keys", new JsonArray().add(new JsonObject(key.publicJwk())))));
    return json;
  }

  private static void endpoints(JsonObject json, ProviderEndpoints endpoints) {
    json.put("token_endpoint", endpoints.token().toString());
    endpoints.authorization().ifPresent(uri -> json.put("authorization_endpoint", uri.toString()));
    endpoints.revocation().ifPresent(uri -> json.put("revocation_endpoint", uri.toString()));
    endpoints.userinfo().ifPresent(uri -> json.put("userinfo_endpoint", uri.toString()));
    endpoints.deviceAuthorization().ifPresent(uri -> json.put("device_authorization_endpoint", uri.toString()));
    endpoints.jwks().ifPresent(uri -> json.put("jwks_uri", uri.toString()));
  }

  // ---------------------------------------------------------------- connections

  private void authorize(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.body(ctx);
    URI returnUrl;
    try {
      returnUrl = URI.create(text(body, "return_url").orElseThrow(() -> new IllegalArgumentException("return_url is required")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("return_url") ? e.getMessage() : "return_url is not a URL");
    }
    var request = new StartConnection.AuthorizeRequest(returnUrl, Json.strings(body, "scopes"), text(body, "login_hint"), text(body, "prompt"));
    respond(ctx, start.start(caller, tenant(ctx), ctx.pathParam("provider"), request), authorization -> Json.send(ctx, 200,
        new JsonObject().put("authorization_url", authorization.authorizationUrl().toString()).put("state", authorization.state())));
  }

  private void callback(RoutingContext ctx) {
    switch (callback.complete(ctx.queryParams().get("state"), param(ctx, "code"), param(ctx, "error"), param(ctx, "error_description"))) {
      case CompleteConnectionCallback.CallbackOutcome.Redirect redirect -> ctx.response().setStatusCode(303).putHeader("Location", redirect.location().toString())
          .putHeader("Cache-Control", "no-store").end();
      case CompleteConnectionCallback.CallbackOutcome.ErrorPage page -> ctx.response().setStatusCode(400).putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-store").end("<!doctype html><html><head><meta charset=\"utf-8\"><title>Connection error</title></head><body>"
              + "<h1>Connection error</h1><p>" + page.message().replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>");
    }
  }

  private void connect(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.body(ctx);
    Object parameters = body.getValue("parameters");
    Map<String, String> extra = new LinkedHashMap<>();
    if (parameters != null) {
      if (!(parameters instanceof JsonObject object) || object.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
        throw new IllegalArgumentException("parameters must be an object of strings");
      }
      object.forEach(e -> extra.put(e.getKey(), (String) e.getValue()));
    }
    var request = new ConnectWithoutBrowser.ConnectRequest(text(body, "grant_type").orElseThrow(() -> new IllegalArgumentException("grant_type is required")),
        Json.strings(body, "scopes"), text(body, "username"), text(body, "password").map(SecretBytes::ofUtf8), extra);
    respond(ctx, connectWithoutBrowser.connect(caller, tenant(ctx), ctx.pathParam("provider"), request), connected -> {
      JsonObject json = json(connected.connection());
      connected.device().ifPresent(device -> {
        JsonObject d = new JsonObject().put("user_code", device.userCode()).put("verification_uri", device.verificationUri().toString())
            .put("expires_in", device.expiresIn().toSeconds()).put("interval", device.interval().toSeconds());
        device.verificationUriComplete().ifPresent(uri -> d.put("verification_uri_complete", uri.toString()));
        json.put("device_authorization", d);
      });
      Json.send(ctx, connected.device().isPresent() ? 202 : 201, json);
    });
  }

  private void listConnections(RoutingContext ctx, RequestContext caller) {
    respond(ctx, list.list(caller, tenant(ctx), param(ctx, "provider"), param(ctx, "after"), limit(ctx)), listing -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(listing.connections().stream().map(ConnectionRoutes::json).toList()));
      listing.nextCursor().ifPresent(next -> page.put("next", next));
      Json.send(ctx, 200, page);
    });
  }

  private void getConnection(RoutingContext ctx, RequestContext caller) {
    respond(ctx, get.get(caller, tenant(ctx), ctx.pathParam("id")), connection -> Json.send(ctx, 200, json(connection)));
  }

  private void deleteConnection(RoutingContext ctx, RequestContext caller) {
    respond(ctx, delete.delete(caller, tenant(ctx), ctx.pathParam("id")), connection -> ctx.response().setStatusCode(204).end());
  }

  private void sendToken(RoutingContext ctx, ConnectionOutcome<IssueConnectionToken.AccessToken> outcome) {
    respond(ctx, outcome, token -> {
      JsonObject json = new JsonObject().put("access_token", token.accessToken()).put("token_type", token.tokenType()).put("scope", token.scope());
      token.expiresAt().ifPresent(at -> json.put("expires_at", at.toString())
          .put("expires_in", Math.max(0, java.time.Duration.between(java.time.Instant.now(), at).toSeconds())));
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      Json.send(ctx, 200, json);
    });
  }

  /** What a connection is, never what it holds. */
  static JsonObject json(Connection connection) {
    JsonObject json = new JsonObject().put("id", connection.id()).put("tenant", connection.tenant().value()).put("provider_id", connection.providerId())
        .put("grant_type", connection.grantType()).put("status", connection.status().wireName())
        .put("scope", String.join(" ", connection.scope().stream().sorted().toList())).put("created_at", connection.createdAt().toString())
        .put("updated_at", connection.updatedAt().toString());
    connection.subject().ifPresent(subject -> json.put("subject", subject));
    connection.accessExpiresAt().ifPresent(at -> json.put("access_token_expires_at", at.toString()));
    return json;
  }

  // ---------------------------------------------------------------- helpers

  private static <T> void respond(RoutingContext ctx, ConnectionOutcome<T> outcome, Consumer<T> ok) {
    switch (outcome) {
      case ConnectionOutcome.Ok<T> success -> ok.accept(success.value());
      case ConnectionOutcome.Denied<T> denied -> HttpErrors.respond(ctx, 403, "forbidden", "the caller may not do this in this tenant");
      case ConnectionOutcome.NotFound<T> notFound -> HttpErrors.respond(ctx, 404, "not_found", "no such provider or connection in this tenant");
      case ConnectionOutcome.Invalid<T> invalid -> HttpErrors.respond(ctx, 400, "invalid_request", invalid.message());
      case ConnectionOutcome.Conflict<T> conflict -> HttpErrors.respond(ctx, 409, conflict.type(), conflict.message());
      case ConnectionOutcome.ProviderRejected<T> rejected -> HttpErrors.respond(ctx, 502, "provider_error",
          "the provider answered " + rejected.error() + (rejected.description().isEmpty() ? "" : ": " + rejected.description()));
      case ConnectionOutcome.ProviderMalformed<T> malformed -> HttpErrors.respond(ctx, 502, "provider_invalid_response", malformed.reason());
      case ConnectionOutcome.Unavailable<T> unavailable -> {
        ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        HttpErrors.respond(ctx, 503, "provider_unavailable", unavailable.reason());
      }
    }
  }

  private static TenantId tenant(RoutingContext ctx) {
    return new TenantId(ctx.pathParam("tenant"));
  }

  private static int limit(RoutingContext ctx) {
    String limit = ctx.queryParams().get("limit");
    try {
      return limit == null ? 50 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be an integer between 1 and 100");
    }
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(v -> !v.isEmpty());
  }

  private static Optional<String> text(JsonObject body, String field) {
    return Optional.ofNullable(Json.optionalString(body, field));
  }
}
