package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.grant.port.in.ClientCredential;
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
    MultiMap form = OAuthRequests.form(ctx);
    if (form == null) {
      return;
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
}
