package dev.portcullis.adapter.http.console;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.HttpErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the console calls the API: {@code /console/api/<path>} is {@code /<path>} of the same router,
 * carrying the signed-in operator's credential from the server-side session instead of a bearer token
 * the browser would have to hold. Nothing else changes — the route, its permission checks, throttling and
 * audit are the API's own, so the console can do exactly what its operator's credential can.
 * <p>
 * {@link #handle} runs ahead of every other handler and only forwards: it rewrites an allowed request and
 * starts routing again. A request it does not forward goes on through the usual handlers (request id,
 * access log, the failed-authentication throttle) to {@link #refuse}, registered last, which answers it —
 * so a guessed session id is a counted, throttled {@code 401} like a guessed bearer token.
 * A change (anything but GET and HEAD) also needs the session's CSRF token in {@code X-CSRF-Token} and,
 * when the browser sends one, an {@code Origin} of this very host.
 */
public final class ConsoleGateway {
  public static final String PREFIX = "/console/api";
  /**
   * The routes the console's pages call, and nothing else: not the token endpoint, metrics, a connection's
   * token (a GET that refreshes and hands out a third party's token), the connect callback, forward auth.
   */
  private static final Pattern REACHABLE = Pattern.compile("/health/ready"
      + "|/v1/admin/(info|signing-keys|signing-keys/rotate|root-key/status|root-key/rotate)"
      + "|/oauth/register(/[^/]+)?"
      + "|/v1/tenants/[^/]+/(clients|api-keys(/[^/]+(/rotate)?)?|secrets(/[^/]+(/versions|/restore)?)?|audit(/verify)?"
      + "|providers(/[^/]+(/authorize)?)?|connections(/[^/]+)?|sessions(/[^/]+)?)");
  private static final String THROUGH_CONSOLE = "portcullis.console";
  private final ConsoleSessions sessions;

  @Inject
  public ConsoleGateway(ConsoleSessions sessions) {
    this.sessions = sessions;
  }

  private sealed interface Decision {}

  /** To {@code target} as the session's credential, or (signed in through the provider) as its operator. */
  private record Forward(String target, String credential, dev.portcullis.domain.shared.Principal operator) implements Decision {}

  private record Refuse(int status, String type, String message) implements Decision {}

  private Decision decide(RoutingContext ctx) {
    String target = ctx.normalizedPath().substring(PREFIX.length());
    if (!REACHABLE.matcher(target).matches()) {
      return new Refuse(404, "not_found", "the console does not reach this path");
    }
    Optional<ConsoleSessions.Session> session = sessions.find(ConsoleHeaders.sessionId(ctx));
    if (session.isEmpty()) {
      return new Refuse(401, "unauthorized", "sign in to the console first (the session ended or never began)");
    }
    if (!ConsoleHeaders.safe(ctx.request().method())) {
      Optional<String> refusal = ConsoleHeaders.csrfRefusal(ctx, session.get());
      if (refusal.isPresent()) {
        return new Refuse(403, "csrf_refused", refusal.get());
      }
    }
    if (session.get().operator().isPresent()) {
      return new Forward(target, null, session.get().operator().get());
    }
    try {
      return new Forward(target, session.get().credential().orElseThrow().revealUtf8(), null);
    } catch (IllegalStateException ended) {
      return new Refuse(401, "unauthorized", "sign in to the console first (the session ended)");
    }
  }

  /** First handler of the router: forwards what the console may send, leaves everything else to {@link #refuse}. */
  public void handle(RoutingContext ctx) {
    if (!(decide(ctx) instanceof Forward forward)) {
      ctx.next();
      return;
    }
    if (forward.operator() != null) {
      ctx.request().headers().remove("Authorization"); // the browser cannot slip a credential of its own beside the operator
      ctx.put(Callers.CONSOLE_OPERATOR, forward.operator());
    } else {
      ctx.request().headers().set("Authorization", "Bearer " + forward.credential());
    }
    ctx.request().headers().remove("Cookie");
    ctx.put(THROUGH_CONSOLE, Boolean.TRUE);
    String query = ctx.request().query();
    HttpMethod method = ctx.request().method();
    ctx.reroute(method, query == null || query.isEmpty() ? forward.target() : forward.target() + "?" + query);
  }

  /** Registered after every route: answers a console call {@link #handle} did not forward. */
  public void refuse(RoutingContext ctx) {
    Decision decision = decide(ctx);
    Refuse refuse = decision instanceof Refuse r ? r : new Refuse(401, "unauthorized", "sign in to the console first");
    HttpErrors.respond(ctx, refuse.status(), refuse.type(), refuse.message());
  }

  /**
   * After a reroute (which starts the answer afresh), and for every answer under {@code /console} — the
   * router's own 404s included: the console's headers on all of them.
   */
  public void decorate(RoutingContext ctx) {
    if (Boolean.TRUE.equals(ctx.get(THROUGH_CONSOLE)) || ctx.normalizedPath().startsWith("/console")) {
      ctx.addHeadersEndHandler(v -> ConsoleHeaders.apply(ctx));
    }
    ctx.next();
  }
}
