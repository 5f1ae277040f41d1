package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.IntrospectToken;
import dev.portcullis.application.grant.port.in.RevokeToken;
import dev.portcullis.domain.grant.AccessTokenClaims;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/** {@code POST /oauth/introspect} (RFC 7662) and {@code POST /oauth/revoke} (RFC 7009), for authenticated clients. */
public final class TokenStatusRoutes implements RouteContributor {
  public static final String INTROSPECT = "/oauth/introspect";
  public static final String REVOKE = "/oauth/revoke";
  private final IntrospectToken introspection;
  private final RevokeToken revocation;
  private final BrowserOrigins origins;
  private final Callers callers;

  @Inject
  public TokenStatusRoutes(IntrospectToken introspection, RevokeToken revocation, BrowserOrigins origins, Callers callers) {
    this.introspection = introspection;
    this.revocation = revocation;
    this.origins = origins;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.POST, INTROSPECT, this::introspect);
    routes.oauth(HttpMethod.POST, REVOKE, this::revoke);
    routes.oauth(HttpMethod.OPTIONS, REVOKE, origins::preflight);
  }

  private void introspect(RoutingContext ctx) {
    MultiMap form = OAuthRequests.form(ctx);
    if (form == null) {
      return;
    }
    if (Callers.bearer(ctx) != null) { // RFC 7662 §2.1 also allows a bearer credential: the administrator's
      var admin = callers.identify(ctx);
      if (admin.isEmpty()) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"portcullis\", error=\"invalid_token\"");
        HttpErrors.respond(ctx, 401, "invalid_token", "the bearer credential is not valid");
        return;
      }
      if (tokenPresent(ctx, form)) {
        answer(ctx, introspection.introspect(admin.get(), form.get("token")), false);
      }
      return;
    }
    ClientCredential caller = OAuthRequests.credential(ctx, form);
    if (caller == null || !tokenPresent(ctx, form)) {
      return;
    }
    answer(ctx, introspection.introspect(caller, form.get("token")), caller.usedHttpBasic());
  }

  private static void answer(RoutingContext ctx, IntrospectToken.Introspection introspection, boolean basic) {
    switch (introspection) {
      case IntrospectToken.Introspection.Active active -> OAuthRequests.json(ctx, activeJson(active.claims()).encode());
      case IntrospectToken.Introspection.Inactive inactive -> OAuthRequests.json(ctx, new JsonObject().put("active", false).encode());
      case IntrospectToken.Introspection.Rejected rejected -> OAuthRequests.reject(ctx, rejected.error(), basic);
    }
  }

  private void revoke(RoutingContext ctx) {
    MultiMap form = OAuthRequests.form(ctx);
    if (form != null) {
      origins.allowIfRegistered(ctx, form.get("client_id"));
    }
    ClientCredential caller = form == null ? null : OAuthRequests.credential(ctx, form);
    if (caller == null || !tokenPresent(ctx, form)) {
      return;
    }
    switch (revocation.revoke(caller, form.get("token"))) {
      case RevokeToken.Revocation.Done done -> ctx.response().putHeader("Cache-Control", "no-store").setStatusCode(200).end();
      case RevokeToken.Revocation.Rejected rejected -> OAuthRequests.reject(ctx, rejected.error(), caller.usedHttpBasic());
    }
  }

  private static boolean tokenPresent(RoutingContext ctx, MultiMap form) {
    String token = form.get("token");
    if (token == null || token.isBlank()) {
      HttpErrors.respond(ctx, 400, "invalid_request", "the token parameter is required");
      return false;
    }
    return true; // token_type_hint is only a hint (RFC 7009 section 2.1): we look the token up either way
  }

  /** RFC 7662 §2.2 members, plus {@code tenant}. */
  private static JsonObject activeJson(AccessTokenClaims claims) {
    return new JsonObject().put("active", true).put("scope", String.join(" ", claims.scopes().stream().sorted().toList()))
        .put("client_id", claims.clientId()).put("token_type", "Bearer").put("exp", claims.expiresAt().getEpochSecond())
        .put("iat", claims.issuedAt().getEpochSecond()).put("sub", claims.subject()).put("aud", claims.audience())
        .put("iss", claims.issuer()).put("jti", claims.jwtId()).put("tenant", claims.tenant().value()).put("token_use", claims.use().wireName());
  }
}
