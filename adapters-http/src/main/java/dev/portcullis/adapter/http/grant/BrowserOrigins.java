package dev.portcullis.adapter.http.grant;

import dev.portcullis.application.grant.port.in.ClientOrigins;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * CORS for {@code /oauth/token}, {@code /oauth/revoke} and {@code /oauth/userinfo}: the answer may be read by an origin of the
 * client's redirect URIs, echoed exactly (never {@code *}) with {@code Vary: Origin}. Preflights name no
 * client, so they pass for origins on which some client is registered; the request itself is then held
 * to its own client.
 */
public final class BrowserOrigins {
  private final ClientOrigins origins;

  @Inject
  public BrowserOrigins(ClientOrigins origins) {
    this.origins = origins;
  }

  void preflight(RoutingContext ctx) {
    preflight(ctx, "POST");
  }

  /** A preflight for a route that takes {@code methods}. */
  public void preflight(RoutingContext ctx, String methods) {
    String origin = ctx.request().getHeader("Origin");
    ctx.response().putHeader("Vary", "Origin");
    if (origin != null && origins.anyClientOn(origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin)
          .putHeader("Access-Control-Allow-Methods", methods)
          .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
          .putHeader("Access-Control-Max-Age", "600");
    }
    ctx.response().setStatusCode(204).end();
  }

  public void allowIfRegistered(RoutingContext ctx, String clientId) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return;
    }
    ctx.response().putHeader("Vary", "Origin");
    if (clientId != null && origins.allowed(clientId, origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin);
    }
  }
}
