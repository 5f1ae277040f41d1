package dev.portcullis.adapter.http;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import dev.portcullis.application.shared.port.in.Authentication;
import dev.portcullis.domain.shared.SecretBytes;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;

/**
 * Authenticates the bearer credential of a request and hands the route a {@link RequestContext}
 * (principal, request id, client address). What the principal may do is the use case's decision.
 */
public final class Callers {
  /** RFC 6750 §3: the challenge of every bearer-protected route. */
  public static final String CHALLENGE = "Bearer realm=\"portcullis\"";
  private final AuthenticateCaller authenticateCaller;

  @Inject
  public Callers(AuthenticateCaller authenticateCaller) {
    this.authenticateCaller = authenticateCaller;
  }

  /**
   * Where the console gateway puts the principal of an operator signed in through the upstream provider (it
   * has no bearer credential). Request data, not a header: only server code can set it, and only the gateway does.
   */
  public static final String CONSOLE_OPERATOR = "portcullis.console.operator";

  public io.vertx.core.Handler<RoutingContext> authenticated(BiConsumer<RoutingContext, RequestContext> handler) {
    return ctx -> {
      java.util.Optional<RequestContext> operator = consoleOperator(ctx);
      if (operator.isPresent()) {
        handler.accept(ctx, operator.get());
        return;
      }
      String bearer = bearer(ctx);
      if (bearer == null) {
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        HttpErrors.unauthorized(ctx, "this endpoint needs a bearer token: Authorization: Bearer <token>");
        return;
      }
      switch (authenticateCaller.authenticate(SecretBytes.ofUtf8(bearer))) {
        case Authentication.Authenticated authenticated ->
            handler.accept(ctx, new RequestContext(authenticated.principal(), RequestIds.of(ctx), clientAddress(ctx)));
        case Authentication.Rejected rejected -> {
          ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
          HttpErrors.unauthorized(ctx, "the bearer token is not valid");
        }
      }
    };
  }

  /**
   * The caller of a route that also takes credentials of its own (RFC 7592's registration access
   * token): the context when the bearer is one of our caller credentials, else empty; answers nothing.
   */
  public java.util.Optional<RequestContext> identify(RoutingContext ctx) {
    java.util.Optional<RequestContext> operator = consoleOperator(ctx);
    if (operator.isPresent()) {
      return operator;
    }
    String bearer = bearer(ctx);
    if (bearer == null) {
      return java.util.Optional.empty();
    }
    return authenticateCaller.authenticate(SecretBytes.ofUtf8(bearer)) instanceof Authentication.Authenticated authenticated
        ? java.util.Optional.of(new RequestContext(authenticated.principal(), RequestIds.of(ctx), clientAddress(ctx)))
        : java.util.Optional.empty();
  }

  /** The operator the console gateway forwarded this request for (signed in through the upstream provider), if it did. */
  private static java.util.Optional<RequestContext> consoleOperator(RoutingContext ctx) {
    return ctx.get(CONSOLE_OPERATOR) instanceof dev.portcullis.domain.shared.Principal operator
        ? java.util.Optional.of(new RequestContext(operator, RequestIds.of(ctx), clientAddress(ctx))) : java.util.Optional.empty();
  }

  /** The bearer token of a request, or null. */
  public static String bearer(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    return authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? null : authorization.substring(7).strip();
  }

  /** Where the request comes from, as {@link PeerAddresses} decided (the peer, or behind a trusted proxy the forwarded client). */
  public static String clientAddress(RoutingContext ctx) {
    String decided = ctx.get(PeerAddresses.KEY);
    if (decided != null) {
      return decided;
    }
    var address = ctx.request().remoteAddress();
    return address == null ? "" : address.hostAddress();
  }
}
