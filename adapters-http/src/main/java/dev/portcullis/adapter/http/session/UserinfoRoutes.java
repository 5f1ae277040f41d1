package dev.portcullis.adapter.http.session;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.grant.BrowserOrigins;
import dev.portcullis.application.session.port.in.ReadUserinfo;
import dev.portcullis.application.session.port.in.ReadUserinfo.UserinfoOutcome;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * {@code GET|POST /oauth/userinfo} (OpenID Connect Core §5.3) with the session access token as a bearer
 * in the {@code Authorization} header (RFC 6750 §2.1); errors as RFC 6750 §3 {@code WWW-Authenticate}
 * challenges. Readable cross-origin by the origins of the token's own client.
 */
public final class UserinfoRoutes implements RouteContributor {
  public static final String PATH = "/oauth/userinfo";
  private final ReadUserinfo userinfo;
  private final BrowserOrigins origins;

  @Inject
  public UserinfoRoutes(ReadUserinfo userinfo, BrowserOrigins origins) {
    this.userinfo = userinfo;
    this.origins = origins;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.GET, PATH, this::userinfo);
    routes.oauth(HttpMethod.POST, PATH, this::userinfo);
    routes.oauth(HttpMethod.OPTIONS, PATH, ctx -> origins.preflight(ctx, "GET, POST"));
  }

  private void userinfo(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    ctx.response().putHeader("Cache-Control", "no-store");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
      challenge(ctx, 401, Callers.CHALLENGE, "invalid_request", "send the access token as Authorization: Bearer <token>");
      return;
    }
    switch (userinfo.userinfo(authorization.substring(7).strip())) {
      case UserinfoOutcome.Claims claims -> {
        origins.allowIfRegistered(ctx, claims.clientId());
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject(claims.claims()).encode());
      }
      case UserinfoOutcome.InvalidToken invalid ->
          challenge(ctx, 401, Callers.CHALLENGE + ", error=\"invalid_token\"", "invalid_token", "the access token is not an active session token of this server");
      case UserinfoOutcome.InsufficientScope insufficient ->
          challenge(ctx, 403, Callers.CHALLENGE + ", error=\"insufficient_scope\", scope=\"openid\"", "insufficient_scope",
              "the login behind this token did not ask for openid");
    }
  }

  private static void challenge(RoutingContext ctx, int status, String header, String error, String description) {
    ctx.response().setStatusCode(status).putHeader("WWW-Authenticate", header).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).put("error_description", description).encode());
  }
}
