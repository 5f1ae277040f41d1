package dev.portcullis.adapter.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/** Guards a handler so only administrators reach it: {@link Callers} authenticates, this checks the role. */
public final class AdminOnly {
  private final Callers callers;

  @Inject
  public AdminOnly(Callers callers) {
    this.callers = callers;
  }

  public Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
    return callers.authenticated((ctx, caller) -> {
      if (caller.principal().isAdmin()) {
        handler.handle(ctx);
      } else {
        HttpErrors.respond(ctx, 403, "forbidden", "this endpoint is for administrators");
      }
    });
  }
}
