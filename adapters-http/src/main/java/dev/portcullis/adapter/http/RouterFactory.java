package dev.portcullis.adapter.http;

import dev.portcullis.adapter.http.console.ConsoleGateway;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the router: connection draining, request ids, observation, body limit, every contributor's
 * routes, and error handlers so that 400/404/405/413/500/503 all answer in the documented format with no
 * stack trace; {@link #handlers} adds the answers to what never reaches a router (414, 431, unparseable requests).
 */
public final class RouterFactory {
  private static final Logger log = LoggerFactory.getLogger(RouterFactory.class);
  private final Set<RouteContributor> contributors;
  private final Throttling throttling;
  private final PeerAddresses peers;
  private final HttpSettings settings;
  private final RequestObservation observation;
  private final ConnectionDrain drain;
  private final ConsoleGateway console;

  @Inject
  public RouterFactory(Set<RouteContributor> contributors, HttpSettings settings, MeterRegistry registry, ConnectionDrain drain, PeerAddresses peers,
                       Throttling throttling, ConsoleGateway console) {
    this.console = console;
    this.peers = peers;
    this.throttling = throttling;
    this.contributors = contributors;
    this.settings = settings;
    this.observation = new RequestObservation(registry);
    this.drain = drain;
  }

  public Router create(Vertx vertx) {
    return build(vertx).router();
  }

  /** The router, and the handler for requests the HTTP decoder refuses before they reach it. */
  public record Handlers(Router router, Handler<HttpServerRequest> invalidRequests) {}

  public Handlers handlers(Vertx vertx) {
    Built built = build(vertx);
    return new Handlers(built.router(), new InvalidRequests(built.routes().registered(), observation));
  }

  /** The routes every contributor registers, without starting a server. */
  public List<Routes.RegisteredRoute> registeredRoutes(Vertx vertx) {
    return build(vertx).routes().registered();
  }

  private record Built(Router router, Routes routes) {}

  private Built build(Vertx vertx) {
    Router router = Router.router(vertx);
    // the console's API calls: rewritten to the API route with the session's credential, then routed anew through everything below
    // (a call it does not forward goes on to console::refuse, after the request id, observation and the throttle)
    router.route(ConsoleGateway.PREFIX + "/*").handler(console::handle);
    router.route().handler(console::decorate);
    router.route().handler(drain::handle);
    router.route().handler(RequestIds::assign);
    router.route().handler(this::deadline);
    router.route().handler(peers::handle);
    router.route().handler(observation::observe);
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.bodyLimitBytes()));
    router.route().handler(throttling::handle);
    Routes routes = new Routes(router);
    contributors.forEach(c -> c.register(routes));
    // what the console gateway did not forward, answered once the request has an id, is observed and throttled
    router.route(ConsoleGateway.PREFIX + "/*").handler(console::refuse);

    router.errorHandler(400, ctx -> HttpErrors.respond(ctx, 400, "bad_request", "the request could not be parsed"));
    router.errorHandler(404, ctx -> HttpErrors.respond(ctx, 404, "not_found",
        "no resource at " + ctx.request().method() + " " + safePath(ctx)));
    router.errorHandler(405, ctx -> HttpErrors.respond(ctx, 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + safePath(ctx)));
    router.errorHandler(413, ctx -> HttpErrors.respond(ctx, 413, "payload_too_large",
        "the request body is larger than " + settings.bodyLimitBytes() + " bytes"));
    router.errorHandler(500, this::failure);
    return new Built(router, routes);
  }

  /**
   * No request outlives {@code PORTCULLIS_REQUEST_TIMEOUT_MS}: past it the caller gets {@code 503} with
   * {@code Retry-After} in the route's format, whatever the handler is still waiting for (every dependency
   * call has its own, shorter deadline, so the handler ends soon after; what it answers then is dropped).
   */
  private void deadline(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(settings.requestTimeout().toMillis(), id -> {
      if (!ctx.response().ended() && !ctx.response().headWritten()) {
        log.warn("request {} exceeded the {} ms deadline", RequestIds.of(ctx), settings.requestTimeout().toMillis());
        ctx.response().putHeader("Retry-After", "1");
        boolean oauth = ctx.get(HttpErrors.FORMAT_KEY, ErrorFormat.REST) == ErrorFormat.OAUTH;
        HttpErrors.respond(ctx, 503, oauth ? "temporarily_unavailable" : "service_unavailable",
            "the request did not complete within the service's deadline; retry shortly");
      }
    });
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (ctx.response().headWritten()) {
      // The deadline already answered (or the handler failed mid-answer): nothing more can be said to the caller.
      log.debug("request {} failed after its answer was sent: {}", RequestIds.of(ctx), String.valueOf(failure));
      return;
    }
    if (failure instanceof DependencyUnavailable unavailable) {
      log.warn("request {} failed: {} is unavailable", RequestIds.of(ctx), unavailable.dependency());
      ctx.response().putHeader("Retry-After", "5");
      boolean oauth = ctx.get(HttpErrors.FORMAT_KEY, ErrorFormat.REST) == ErrorFormat.OAUTH;
      HttpErrors.respond(ctx, 503, oauth ? "temporarily_unavailable" : "service_unavailable", unavailable.dependency() + " is unavailable; retry later");
    } else if (failure instanceof IllegalArgumentException invalid) {
      HttpErrors.respond(ctx, 400, "invalid_request", invalid.getMessage());
    } else {
      log.error("request {} failed", RequestIds.of(ctx), failure);
      HttpErrors.respond(ctx, 500, "internal_error", "an unexpected error occurred; quote request id " + RequestIds.of(ctx));
    }
  }

  /** The path, trimmed and stripped of anything but safe characters before it is echoed. */
  private static String safePath(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null) {
      return "/";
    }
    String cleaned = path.replaceAll("[^A-Za-z0-9._~/%:@!$&'()*+,;=-]", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) + "..." : cleaned;
  }
}
