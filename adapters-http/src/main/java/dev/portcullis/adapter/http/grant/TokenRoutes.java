package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.grant.port.in.TokenEndpoint;
import dev.portcullis.application.grant.port.in.TokenEndpoint.ClientCredentials;
import dev.portcullis.domain.grant.ClientMetadata;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** {@code POST /oauth/token} (RFC 6749 §3.2): form-encoded, errors in the §5.2 format, {@code Cache-Control: no-store}. */
public final class TokenRoutes implements RouteContributor {
  public static final String PATH = "/oauth/token";
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private final TokenEndpoint tokens;

  @Inject
  public TokenRoutes(TokenEndpoint tokens) {
    this.tokens = tokens;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.POST, PATH, this::token);
  }

  private void token(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      HttpErrors.respond(ctx, 400, "invalid_request", "the token request must be application/x-www-form-urlencoded (RFC 6749 section 3.2)");
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    for (String name : form.names()) {
      if (form.getAll(name).size() > 1) {
        HttpErrors.respond(ctx, 400, "invalid_request", "parameter " + name.replaceAll("[^a-z_]", "?") + " is repeated (RFC 6749 section 3.2)");
        return;
      }
    }
    String grantType = form.get("grant_type");
    if (grantType == null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "grant_type is required");
      return;
    }
    if (!grantType.equals("client_credentials")) {
      HttpErrors.respond(ctx, 400, "unsupported_grant_type", "this server supports the client_credentials grant");
      return;
    }
    Optional<java.util.Set<String>> requestedScope = Optional.ofNullable(form.get("scope")).map(ClientMetadata::parseScope);
    if (form.get("client_assertion") != null || form.get("client_assertion_type") != null) {
      assertion(ctx, form, requestedScope);
      return;
    }
    Optional<ClientCredentials> credentials;
    try {
      credentials = credentials(ctx, form);
    } catch (IllegalArgumentException e) {
      HttpErrors.respond(ctx, 400, "invalid_request", e.getMessage());
      return;
    }
    if (credentials.isEmpty()) {
      invalidClient(ctx, true, "client authentication is required");
      return;
    }
    respond(ctx, tokens.clientCredentials(credentials.get(), requestedScope), credentials.get().method() == ClientCredentials.Method.BASIC);
  }

  /** RFC 7523 §2.2 / RFC 7521 §4.2: client_assertion_type + client_assertion, and no other client authentication. */
  private void assertion(RoutingContext ctx, MultiMap form, Optional<java.util.Set<String>> requestedScope) {
    if (ctx.request().getHeader("Authorization") != null || form.get("client_secret") != null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "use one client authentication method, not both (RFC 6749 section 2.3)");
      return;
    }
    if (!JWT_BEARER.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
      invalidClient(ctx, false, "client_assertion_type must be " + JWT_BEARER + " with a client_assertion (RFC 7523 section 2.2)");
      return;
    }
    respond(ctx, tokens.clientCredentialsWithAssertion(form.get("client_assertion"), Optional.ofNullable(form.get("client_id")), requestedScope), false);
  }

  private void respond(RoutingContext ctx, TokenEndpoint.Result result, boolean basic) {
    switch (result) {
      case TokenEndpoint.Result.Issued issued -> ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache")
          .end(new JsonObject().put("access_token", issued.accessToken()).put("token_type", "Bearer")
              .put("expires_in", issued.expiresInSeconds()).put("scope", String.join(" ", issued.scope().stream().sorted().toList())).encode());
      case TokenEndpoint.Result.Rejected rejected when rejected.status() == 401 -> invalidClient(ctx, basic, rejected.description());
      case TokenEndpoint.Result.Rejected rejected -> HttpErrors.respond(ctx, rejected.status(), rejected.error(), rejected.description());
    }
  }

  /** HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret) or client_id + client_secret in the body; never both. */
  private static Optional<ClientCredentials> credentials(RoutingContext ctx, MultiMap form) {
    String authorization = ctx.request().getHeader("Authorization");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    boolean post = form.get("client_secret") != null;
    if (basic && post) {
      throw new IllegalArgumentException("use one client authentication method, not both (RFC 6749 section 2.3)");
    }
    if (basic) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      if (form.get("client_id") != null && !form.get("client_id").equals(id)) {
        throw new IllegalArgumentException("client_id in the body differs from the authenticated client");
      }
      return Optional.of(new ClientCredentials(ClientCredentials.Method.BASIC, id, URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
    }
    if (post && form.get("client_id") != null) {
      return Optional.of(new ClientCredentials(ClientCredentials.Method.POST, form.get("client_id"), form.get("client_secret")));
    }
    return Optional.empty();
  }

  private static void invalidClient(RoutingContext ctx, boolean basic, String description) {
    if (basic) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"portcullis\"");
    }
    HttpErrors.respond(ctx, 401, "invalid_client", description);
  }

}
