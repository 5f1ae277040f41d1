package dev.portcullis.adapter.http.session;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.CompleteBrowserLogin;
import dev.portcullis.application.session.port.in.CompleteLogout;
import dev.portcullis.application.session.port.in.EndSession;
import dev.portcullis.application.session.port.in.ListSessions;
import dev.portcullis.application.session.port.in.LogoutOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.in.StartLogout;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/**
 * The BFF session broker's browser-facing endpoints ({@code /oauth/authorize}, {@code /oauth/callback},
 * {@code /oauth/logout}) and the session administration API. Registered only when the broker is configured.
 */
public final class SessionRoutes implements RouteContributor {
  public static final String AUTHORIZE = "/oauth/authorize";
  public static final String CALLBACK = "/oauth/callback";
  public static final String LOGOUT = "/oauth/logout";
  public static final String LOGOUT_CALLBACK = "/oauth/logout/callback";
  private final StartBrowserLogin startLogin;
  private final CompleteBrowserLogin completeLogin;
  private final StartLogout startLogout;
  private final CompleteLogout completeLogout;
  private final ListSessions listSessions;
  private final EndSession endSession;
  private final Callers callers;

  @Inject
  public SessionRoutes(StartBrowserLogin startLogin, CompleteBrowserLogin completeLogin, StartLogout startLogout, CompleteLogout completeLogout,
                       ListSessions listSessions, EndSession endSession, Callers callers) {
    this.startLogin = startLogin;
    this.completeLogin = completeLogin;
    this.startLogout = startLogout;
    this.completeLogout = completeLogout;
    this.listSessions = listSessions;
    this.endSession = endSession;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.GET, AUTHORIZE, this::authorize);
    routes.oauth(HttpMethod.GET, CALLBACK, this::callback);
    routes.oauth(HttpMethod.GET, LOGOUT, this::logout);
    routes.oauth(HttpMethod.GET, LOGOUT_CALLBACK, this::logoutReturned);
    routes.get("/v1/tenants/:tenant/sessions", callers.authenticated(this::list));
    routes.delete("/v1/tenants/:tenant/sessions/:sid", callers.authenticated(this::end));
  }

  private void authorize(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (ctx.queryParams().getAll(name).size() > 1) {
        page(ctx, 400, "invalid_request", "parameter " + name.replaceAll("[^a-z_]", "?") + " is repeated (RFC 6749 section 3.1)");
        return;
      }
    }
    var request = new StartBrowserLogin.AuthorizeRequest(ctx.queryParams().get("client_id"), param(ctx, "redirect_uri"), param(ctx, "response_type"),
        param(ctx, "code_challenge"), param(ctx, "code_challenge_method"), param(ctx, "state"), param(ctx, "scope"), param(ctx, "login_hint"),
        param(ctx, "prompt"), param(ctx, "nonce"));
    answer(ctx, startLogin.start(request));
  }

  private void callback(RoutingContext ctx) {
    answer(ctx, completeLogin.complete(ctx.queryParams().get("state"), param(ctx, "code"), param(ctx, "error"), param(ctx, "error_description")));
  }

  private void logout(RoutingContext ctx) {
    Optional<String> clientId = param(ctx, "client_id");
    Optional<String> target = param(ctx, "post_logout_redirect_uri");
    if (clientId.isEmpty() || target.isEmpty()) {
      page(ctx, 400, "invalid_request", "client_id and post_logout_redirect_uri are required");
      return;
    }
    URI destination;
    try {
      destination = URI.create(target.get());
    } catch (IllegalArgumentException e) {
      page(ctx, 400, "invalid_request", "post_logout_redirect_uri is not a URI");
      return;
    }
    answer(ctx, startLogout.logout(clientId.get(), param(ctx, "id_token_hint"), destination, param(ctx, "state")));
  }

  private void logoutReturned(RoutingContext ctx) {
    answer(ctx, completeLogout.complete(ctx.queryParams().get("state")));
  }

  private void answer(RoutingContext ctx, LogoutOutcome outcome) {
    switch (outcome) {
      case LogoutOutcome.Redirect redirect -> redirect(ctx, redirect.location());
      case LogoutOutcome.Refused refused -> page(ctx, 400, "invalid_request", refused.reason());
    }
  }

  private void answer(RoutingContext ctx, AuthorizeOutcome outcome) {
    switch (outcome) {
      case AuthorizeOutcome.Redirect redirect -> redirect(ctx, redirect.location());
      case AuthorizeOutcome.ErrorPage error -> page(ctx, 400, error.error(), error.description());
    }
  }

  private static void redirect(RoutingContext ctx, URI location) {
    ctx.response().setStatusCode(303).putHeader("Location", location.toString()).putHeader("Cache-Control", "no-store").end();
  }

  /** An error nobody may be redirected with: shown to the user as a small page (RFC 6749 §4.1.2.1). */
  private static void page(RoutingContext ctx, int status, String error, String description) {
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in error</title></head><body><h1>Sign-in error</h1><p><code>"
        + escape(error) + "</code>: " + escape(description) + "</p></body></html>";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'").end(html);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(v -> !v.isEmpty());
  }

  private void list(RoutingContext ctx, RequestContext caller) {
    Optional<java.util.List<Session>> found = listSessions.list(caller, new TenantId(ctx.pathParam("tenant")), param(ctx, "sub"));
    if (found.isEmpty()) {
      HttpErrors.respond(ctx, 403, "forbidden", "only administrators manage sessions");
      return;
    }
    Json.send(ctx, 200, new JsonObject().put("items", new JsonArray(found.get().stream().map(SessionRoutes::json).toList())));
  }

  private void end(RoutingContext ctx, RequestContext caller) {
    switch (endSession.end(caller, new TenantId(ctx.pathParam("tenant")), ctx.pathParam("sid"))) {
      case ENDED -> ctx.response().setStatusCode(204).end();
      case NOT_FOUND -> HttpErrors.respond(ctx, 404, "session_not_found", "no such session in this tenant");
      case DENIED -> HttpErrors.respond(ctx, 403, "forbidden", "only administrators manage sessions");
    }
  }

  /** What a session is, never what it holds (the upstream tokens stay sealed and are never returned). */
  static JsonObject json(Session session) {
    JsonObject json = new JsonObject().put("sid", session.id()).put("tenant", session.tenant().value()).put("client_id", session.clientId())
        .put("sub", session.subject()).put("scope", String.join(" ", session.scope().stream().sorted().toList()))
        .put("created_at", session.createdAt().toString()).put("expires_at", session.expiresAt().toString()).put("active", session.endedAt().isEmpty());
    session.identity().email().ifPresent(email -> json.put("email", email));
    session.identity().name().ifPresent(name -> json.put("name", name));
    session.endedAt().ifPresent(at -> json.put("ended_at", at.toString()));
    return json;
  }
}
