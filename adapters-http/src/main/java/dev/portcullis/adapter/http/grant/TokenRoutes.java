package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.Throttling;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.token.port.in.IssueToken;
import dev.portcullis.application.token.port.in.IssueToken.TokenAnswer;
import dev.portcullis.application.token.port.in.IssueToken.TokenRequest;
import dev.portcullis.domain.grant.ClientMetadata;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/**
 * {@code POST /oauth/token} (RFC 6749 §3.2): form-encoded, errors in the §5.2 format, {@code Cache-Control: no-store}.
 * It parses the form into one {@link TokenRequest}, lets {@link IssueToken} decide, and maps the answer in one switch.
 */
public final class TokenRoutes implements RouteContributor {
  public static final String PATH = "/oauth/token";
  public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  public static final String API_KEY_TOKEN_TYPE = "urn:portcullis:params:oauth:token-type:api_key";
  private final IssueToken tokens;
  private final BrowserOrigins origins;

  @Inject
  public TokenRoutes(IssueToken tokens, BrowserOrigins origins) {
    this.tokens = tokens;
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
    Optional<ClientCredential> credential = Optional.empty();
    TokenRequest request;
    switch (tokens.grantTypes().contains(grantType) ? grantType : "") { // an unsupported grant is refused before any client authentication
      case TOKEN_EXCHANGE -> {
        if (!API_KEY_TOKEN_TYPE.equals(form.get("subject_token_type")) || form.get("subject_token") == null) {
          HttpErrors.respond(ctx, 400, "invalid_request", "token exchange here takes subject_token_type=" + API_KEY_TOKEN_TYPE
              + " with the API key as subject_token");
          return;
        }
        if (form.get("actor_token") != null) {
          HttpErrors.respond(ctx, 400, "invalid_request", "actor_token is not supported");
          return;
        }
        request = new TokenRequest.ApiKeyExchange(form.get("subject_token"));
      }
      case "client_credentials", "authorization_code", "refresh_token" -> {
        credential = Optional.ofNullable(OAuthRequests.credential(ctx, form));
        if (credential.isEmpty()) {
          return; // answered: malformed client authentication
        }
        request = clientGrant(form, grantType, credential.get());
      }
      default -> request = new TokenRequest.Other(grantType);
    }
    answer(ctx, tokens.issue(request), credential.map(ClientCredential::usedHttpBasic).orElse(false));
  }

  /** The grants a client asks for in its own name (missing parameters are answered after the client authenticated). */
  private static TokenRequest clientGrant(MultiMap form, String grantType, ClientCredential client) {
    switch (grantType) {
      case "client_credentials" -> {
        return new TokenRequest.ClientCredentials(client, Optional.ofNullable(form.get("scope")).map(ClientMetadata::parseScope));
      }
      case "authorization_code" -> {
        String code = form.get("code");
        String redirectUri = form.get("redirect_uri");
        String verifier = form.get("code_verifier");
        if (code == null || redirectUri == null || verifier == null) {
          return new TokenRequest.Incomplete(client, grantType, "code, redirect_uri and code_verifier are required");
        }
        try {
          return new TokenRequest.AuthorizationCode(client, code, URI.create(redirectUri), verifier);
        } catch (IllegalArgumentException e) {
          return new TokenRequest.Incomplete(client, grantType, "redirect_uri is not a URI");
        }
      }
      default -> {
        String refreshToken = form.get("refresh_token");
        return refreshToken == null ? new TokenRequest.Incomplete(client, grantType, "refresh_token is required")
            : new TokenRequest.RefreshToken(client, refreshToken);
      }
    }
  }

  private static void answer(RoutingContext ctx, TokenAnswer answer, boolean usedHttpBasic) {
    switch (answer) {
      case TokenAnswer.Issued issued -> {
        JsonObject json = new JsonObject().put("access_token", issued.accessToken());
        issued.issuedTokenType().ifPresent(type -> json.put("issued_token_type", type));
        issued.idToken().ifPresent(idToken -> json.put("id_token", idToken));
        json.put("token_type", "Bearer").put("expires_in", issued.expiresIn().toSeconds());
        issued.refreshToken().ifPresent(refresh -> json.put("refresh_token", refresh));
        json.put("scope", String.join(" ", issued.scope().stream().sorted().toList()));
        OAuthRequests.json(ctx, json.encode());
      }
      case TokenAnswer.Rejected rejected -> {
        rejected.retryAfter().ifPresent(after -> ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
        if (rejected.credentialRefused()) {
          Throttling.failedAuthentication(ctx);
        }
        OAuthRequests.reject(ctx, rejected.error(), usedHttpBasic);
      }
    }
  }
}
