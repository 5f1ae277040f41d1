package dev.portcullis.adapter.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * How a capability adds its endpoints. Every route registered here is tagged for metrics by its
 * path pattern (not the raw path, which would explode label cardinality), carries its error format,
 * and is listed by {@link #registered()} so a test can hold the OpenAPI description to it.
 */
public final class Routes {
  static final String ROUTE_KEY = "portcullis.route";
  /** Implicit HEAD routes come after every route registered in order (Vert.x numbers those from 0). */
  private static final int IMPLICIT_HEAD_ORDER = 1_000_000;
  private final Router router;
  private final List<RegisteredRoute> registered = new ArrayList<>();

  Routes(Router router) {
    this.router = router;
  }

  public record RegisteredRoute(HttpMethod method, String path, ErrorFormat errorFormat) {}

  /**
   * A {@code GET} route, which answers {@code HEAD} too (RFC 9110 §9.3.2: the same status and headers,
   * no body — Vert.x drops the body of a HEAD answer). The browser-flow routes registered with
   * {@link #oauth} are GET only: they change state (a pending login, a single-use state) and a
   * prefetching HEAD must not spend it. A HEAD route registered explicitly ({@link #add}) wins over the
   * implicit one whatever the order: the implicit ones are matched after every other route.
   */
  public Routes get(String path, Handler<RoutingContext> handler) {
    router.route(HttpMethod.HEAD, path).order(IMPLICIT_HEAD_ORDER + registered.size()).handler(tagged(path, ErrorFormat.REST, handler));
    return add(HttpMethod.GET, path, ErrorFormat.REST, handler);
  }

  public Routes post(String path, Handler<RoutingContext> handler) {
    return add(HttpMethod.POST, path, ErrorFormat.REST, handler);
  }

  public Routes put(String path, Handler<RoutingContext> handler) {
    return add(HttpMethod.PUT, path, ErrorFormat.REST, handler);
  }

  public Routes patch(String path, Handler<RoutingContext> handler) {
    return add(HttpMethod.PATCH, path, ErrorFormat.REST, handler);
  }

  public Routes delete(String path, Handler<RoutingContext> handler) {
    return add(HttpMethod.DELETE, path, ErrorFormat.REST, handler);
  }

  /** A route that answers errors in the RFC 6749 format. */
  public Routes oauth(HttpMethod method, String path, Handler<RoutingContext> handler) {
    return add(method, path, ErrorFormat.OAUTH, handler);
  }

  public Routes add(HttpMethod method, String path, ErrorFormat errorFormat, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tagged(path, errorFormat, handler));
    registered.add(new RegisteredRoute(method, path, errorFormat));
    return this;
  }

  private static Handler<RoutingContext> tagged(String path, ErrorFormat errorFormat, Handler<RoutingContext> handler) {
    return ctx -> {
      ctx.put(ROUTE_KEY, path);
      ctx.put(HttpErrors.FORMAT_KEY, errorFormat);
      handler.handle(ctx);
    };
  }

  public List<RegisteredRoute> registered() {
    return List.copyOf(registered);
  }
}
