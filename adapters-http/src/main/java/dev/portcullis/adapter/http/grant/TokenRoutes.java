package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.apikey.port.in.ForwardAuth;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.grant.port.in.TokenEndpoint;
import dev.portcullis.domain.grant.ClientMetadata;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/** {@code POST /oauth/token} (RFC 6749 §3.2): form-encoded, errors in the §5.2 format, {@code Cache-Control: no-store}. */
public final class TokenRoutes implements RouteContributor {
  public static final String PATH = "/oauth/token";
  public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  public static final String API_KEY_TOKEN_TYPE = "urn:portcullis:params:oauth:token-type:api_key";
  private final TokenEndpoint tokens;
  private final ForwardAuth forwardAuth;
  private final Optional<RedeemSessionCode> redeemCode;
  private final Optional<RefreshSession> refreshSession;
  private final BrowserOrigins origins;

  @Inject
  public TokenRoutes(TokenEndpoint tokens, ForwardAuth forwardAuth, Optional<RedeemSessionCode> redeemCode, Optional<RefreshSession> refreshSession,
                     BrowserOrigins origins) {
    this.tokens = tokens;
    this.forwardAuth = forwardAuth;
    this.redeemCode = redeemCode;
    this.refreshSession = refreshSession;
    this.origins = origins;
  }

  @Override
  public void register(Routes routes) {
    routes.oauth(HttpMethod.POST, PATH, this::token);
    routes.oauth(HttpMethod.OPTIONS, PATH, origins::preflight);
  }

  private void token(RoutingContext ctx) {
    MultiMap form = OAuthRequests.form(ctx);
    if (form == null) {
      return;
    }
    origins.allowIfRegistered(ctx, form.get("client_id"));
    String grantType = form.get("grant_type");
    if (grantType == null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "grant_type is required");
      return;
    }
    if (grantType.equals(TOKEN_EXCHANGE)) {
      exchange(ctx, form);
      return;
    }
    if ((grantType.equals("authorization_code") && redeemCode.isPresent()) || (grantType.equals("refresh_token") && refreshSession.isPresent())) {
      session(ctx, form, grantType);
      return;
    }
    if (!grantType.equals("client_credentials")) {
      HttpErrors.respond(ctx, 400, "unsupported_grant_type", "this server supports client_credentials, token-exchange (RFC 8693) for API keys" + (redeemCode.isPresent() ? ", authorization_code and refresh_token" : ""));
      return;
    }
    ClientCredential credential = OAuthRequests.credential(ctx, form);
    if (credential == null) {
      return;
    }
    Optional<Set<String>> requestedScope = Optional.ofNullable(form.get("scope")).map(ClientMetadata::parseScope);
    switch (tokens.clientCredentials(credential, requestedScope)) {
      case TokenEndpoint.Result.Issued issued -> OAuthRequests.json(ctx, new JsonObject().put("access_token", issued.accessToken())
          .put("token_type", "Bearer").put("expires_in", issued.expiresInSeconds())
          .put("scope", String.join(" ", issued.scope().stream().sorted().toList())).encode());
      case TokenEndpoint.Result.Rejected rejected -> OAuthRequests.reject(ctx, rejected.error(), credential.usedHttpBasic());
    }
  }

  /** RFC 6749 §4.1.3 and §6 for the BFF session broker: the client authenticates (public clients name themselves). */
  private void session(RoutingContext ctx, MultiMap form, String grantType) {
    ClientCredential credential = OAuthRequests.credential(ctx, form);
    if (credential == null) {
      return;
    }
    String clientId;
    switch (tokens.authenticate(credential)) {
      case TokenEndpoint.Authenticated.Client client -> clientId = client.clientId();
      case TokenEndpoint.Authenticated.Rejected rejected -> {
        OAuthRequests.reject(ctx, rejected.error(), credential.usedHttpBasic());
        return;
      }
    }
    TokenOutcome outcome;
    if (grantType.equals("authorization_code")) {
      String code = form.get("code");
      String redirectUri = form.get("redirect_uri");
      String verifier = form.get("code_verifier");
      if (code == null || redirectUri == null || verifier == null) {
        HttpErrors.respond(ctx, 400, "invalid_request", "code, redirect_uri and code_verifier are required");
        return;
      }
      java.net.URI redirect;
      try {
        redirect = java.net.URI.create(redirectUri);
      } catch (IllegalArgumentException e) {
        HttpErrors.respond(ctx, 400, "invalid_request", "redirect_uri is not a URI");
        return;
      }
      outcome = redeemCode.orElseThrow().redeem(clientId, code, redirect, verifier);
    } else {
      if (form.get("refresh_token") == null) {
        HttpErrors.respond(ctx, 400, "invalid_request", "refresh_token is required");
        return;
      }
      outcome = refreshSession.orElseThrow().refresh(clientId, form.get("refresh_token"));
    }
    switch (outcome) {
      case TokenOutcome.Issued issued -> OAuthRequests.json(ctx, new JsonObject().put("access_token", issued.accessToken())
          .put("token_type", "Bearer").put("expires_in", issued.expiresIn().toSeconds()).put("refresh_token", issued.refreshToken())
          .put("scope", String.join(" ", issued.scope().stream().sorted().toList())).encode());
      case TokenOutcome.Rejected rejected -> {
        rejected.retryAfter().ifPresent(after -> ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
        if ("invalid_grant".equals(rejected.error())) {
          dev.portcullis.adapter.http.Throttling.failedAuthentication(ctx); // an unknown code or refresh token: a guess until proven otherwise
        }
        HttpErrors.respondOAuth(ctx, rejected.error(), rejected.description());
      }
    }
  }

  /** RFC 8693: an API key as the subject token, exchanged for the same short-lived JWT as forward auth mints. */
  private void exchange(RoutingContext ctx, MultiMap form) {
    if (!API_KEY_TOKEN_TYPE.equals(form.get("subject_token_type")) || form.get("subject_token") == null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "token exchange here takes subject_token_type=" + API_KEY_TOKEN_TYPE + " with the API key as subject_token");
      return;
    }
    if (form.get("actor_token") != null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "actor_token is not supported");
      return;
    }
    switch (forwardAuth.exchangeApiKey(form.get("subject_token"))) {
      case ForwardAuth.Outcome.Allowed allowed -> OAuthRequests.json(ctx, new JsonObject().put("access_token", allowed.jwt())
          .put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token").put("token_type", "Bearer")
          .put("expires_in", allowed.expiresIn().toSeconds()).put("scope", String.join(" ", allowed.scopes().stream().sorted().toList())).encode());
      case ForwardAuth.Outcome.Denied denied when denied.refusal() == ForwardAuth.Outcome.Refusal.UNAVAILABLE -> {
        ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, denied.retryAfter().orElse(java.time.Duration.ofSeconds(1)).toSeconds())));
        HttpErrors.respond(ctx, 503, "temporarily_unavailable", denied.message());
      }
      case ForwardAuth.Outcome.Denied denied -> {
        dev.portcullis.adapter.http.Throttling.failedAuthentication(ctx);
        HttpErrors.respond(ctx, 400, "invalid_request", "the subject_token is not a valid API key for this use: " + denied.message());
      }
    }
  }
}
