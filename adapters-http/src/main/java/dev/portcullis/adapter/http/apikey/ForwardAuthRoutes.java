package dev.portcullis.adapter.http.apikey;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.apikey.port.in.ForwardAuth;
import dev.portcullis.application.apikey.port.in.MintOutcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;

/**
 * {@code GET /v1/auth/verify}: forward auth for nginx {@code auth_request}, Traefik ForwardAuth and
 * Envoy ext_authz (HTTP). Precedence: the API key header, when present, is the credential and
 * {@code Authorization} is ignored (a gateway may add its own); otherwise {@code Authorization: Bearer}
 * with a Portcullis access token. On success: 200, {@code Authorization: Bearer <fresh JWT>} and the
 * identity headers for the upstream request.
 */
public final class ForwardAuthRoutes implements RouteContributor {
  public static final String PATH = "/v1/auth/verify";
  public static final String HEADER_NAME = "portcullis.api-key-header";
  private final ForwardAuth forwardAuth;
  private final String keyHeader;

  @Inject
  public ForwardAuthRoutes(ForwardAuth forwardAuth, @Named(HEADER_NAME) String keyHeader) {
    this.forwardAuth = forwardAuth;
    this.keyHeader = keyHeader;
  }

  @Override
  public void register(Routes routes) {
    routes.get(PATH, this::verify);
  }

  private void verify(RoutingContext ctx) {
    Optional<String> origin = Optional.ofNullable(ctx.request().getHeader("X-Forwarded-Origin")).or(() -> Optional.ofNullable(ctx.request().getHeader("Origin")));
    String apiKey = ctx.request().getHeader(keyHeader);
    String bearer = Callers.bearer(ctx);
    MintOutcome outcome;
    if (apiKey != null) {
      outcome = forwardAuth.apiKey(apiKey.strip(), origin);
    } else if (bearer != null) {
      outcome = forwardAuth.bearer(bearer, origin);
    } else {
      outcome = new MintOutcome.Denied(MintOutcome.Refusal.INVALID_API_KEY, "send an API key in " + keyHeader + " or a bearer token",
          Optional.empty());
    }
    ctx.response().putHeader("Cache-Control", "no-store");
    switch (outcome) {
      case MintOutcome.Allowed allowed -> ctx.response().setStatusCode(200)
          .putHeader("Authorization", "Bearer " + allowed.jwt())
          .putHeader("X-Auth-Subject", allowed.subject())
          .putHeader("X-Auth-Tenant", allowed.tenant())
          .putHeader("X-Auth-Scopes", String.join(" ", allowed.scopes().stream().sorted().toList()))
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("subject", allowed.subject()).put("tenant", allowed.tenant()).put("expires_in", allowed.expiresIn().toSeconds()).encode());
      case MintOutcome.Denied denied -> {
        denied.retryAfter().ifPresent(after -> ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
        int status = switch (denied.refusal()) {
          case INVALID_API_KEY, INVALID_TOKEN -> 401;
          case IDENTITY_NOT_ALLOWED -> 403;
          case BAD_REQUEST -> 400;
          case UNAVAILABLE -> 503;
        };
        String type = switch (denied.refusal()) {
          case INVALID_API_KEY -> "invalid_api_key";
          case INVALID_TOKEN -> "invalid_token";
          case IDENTITY_NOT_ALLOWED -> "identity_not_allowed";
          case BAD_REQUEST -> "invalid_request";
          case UNAVAILABLE -> "key_resolution_unavailable";
        };
        if (status == 401) {
          ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"portcullis\"" + (bearer != null && apiKey == null ? ", error=\"invalid_token\"" : ""));
        }
        HttpErrors.respond(ctx, status, type, denied.message());
      }
    }
  }
}
