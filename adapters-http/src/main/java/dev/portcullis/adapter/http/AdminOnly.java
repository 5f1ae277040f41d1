package dev.portcullis.adapter.http;

import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import dev.portcullis.application.shared.port.in.Authentication;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * Guards a handler with {@code Authorization: Bearer <admin token>}. The credential goes to the
 * {@link AuthenticateCaller} use case (constant-time comparison there); it is never logged or echoed.
 */
public final class AdminOnly {
  static final String PRINCIPAL_KEY = "portcullis.principal";
  private static final String CHALLENGE = "Bearer realm=\"portcullis\"";
  private final AuthenticateCaller authenticateCaller;

  @Inject
  public AdminOnly(AuthenticateCaller authenticateCaller) {
    this.authenticateCaller = authenticateCaller;
  }

  public Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
    return ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() == 7) {
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        HttpErrors.respond(ctx, 401, "unauthorized", "this endpoint needs the admin token: Authorization: Bearer <token>");
        return;
      }
      Authentication result = authenticateCaller.authenticate(SecretBytes.ofUtf8(authorization.substring(7).strip()));
      switch (result) {
        case Authentication.Authenticated(Principal principal) when principal.isAdmin() -> {
          ctx.put(PRINCIPAL_KEY, principal);
          handler.handle(ctx);
        }
        case Authentication.Authenticated ignored -> HttpErrors.respond(ctx, 403, "forbidden", "this endpoint is for administrators");
        case Authentication.Rejected ignored -> {
          ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
          HttpErrors.respond(ctx, 401, "unauthorized", "the bearer token is not valid");
        }
      }
    };
  }
}
