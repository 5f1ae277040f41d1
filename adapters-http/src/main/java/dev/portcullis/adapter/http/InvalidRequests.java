package dev.portcullis.adapter.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.UUID;

/**
 * Answers the requests the HTTP decoder refuses before any route runs (Vert.x's
 * {@code HttpServer.invalidRequestHandler}): a request line over {@link #MAX_REQUEST_LINE} bytes (414),
 * headers over {@link #MAX_HEADER_SIZE} bytes (431), anything else malformed (400). Vert.x's own
 * handler answers these with an empty body; this one answers in the documented error format.
 *
 * <p>The format is the route's when the decoder got as far as the request line (431) and a route
 * registered with {@link ErrorFormat#OAUTH} matches the method and path; otherwise REST. A request
 * line that is too long never yields a path (Netty replaces the request with a placeholder), so 414
 * is always REST. Nothing from the request is echoed, and the connection is closed afterwards, as
 * Vert.x does.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
  /** Longest accepted request line ({@code GET /path?query HTTP/1.1}), in bytes: Vert.x's default, set explicitly. */
  static final int MAX_REQUEST_LINE = 4096;
  /** Largest accepted header block, in bytes: Vert.x's default, set explicitly. */
  static final int MAX_HEADER_SIZE = 8192;

  private final List<Routes.RegisteredRoute> routes;
  private final RequestObservation observation;

  InvalidRequests(List<Routes.RegisteredRoute> routes, RequestObservation observation) {
    this.routes = List.copyOf(routes);
    this.observation = observation;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String type;
    String message;
    ErrorFormat format;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      type = "uri_too_long";
      message = "the request line is longer than " + MAX_REQUEST_LINE + " bytes";
      format = ErrorFormat.REST;
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      type = "request_header_fields_too_large";
      message = "the request headers are larger than " + MAX_HEADER_SIZE + " bytes";
      format = formatOf(request.method(), request.path());
    } else {
      status = 400;
      type = "bad_request";
      message = "the request could not be parsed";
      format = ErrorFormat.REST;
    }
    String requestId = UUID.randomUUID().toString();
    HttpServerResponse response = request.response();
    if (format == ErrorFormat.OAUTH) {
      type = "invalid_request"; // RFC 6749 section 5.2 has no code of its own for these
      response.putHeader("Cache-Control", "no-store");
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("Connection", "close")
        .end(HttpErrors.body(format, status, type, message).encode())
        .onComplete(done -> request.connection().close());
    observation.refused(requestId, request.method(), status);
  }

  /** The error format of the route the router would have run for this method and path; REST if none. */
  private ErrorFormat formatOf(HttpMethod method, String path) {
    if (method == null || path == null) {
      return ErrorFormat.REST;
    }
    String[] segments = path.split("/", -1);
    for (Routes.RegisteredRoute route : routes) {
      if (route.method().equals(method) && matches(route.path().split("/", -1), segments)) {
        return route.errorFormat();
      }
    }
    return ErrorFormat.REST;
  }

  private static boolean matches(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      boolean parameter = pattern[i].startsWith(":") && !segments[i].isEmpty();
      if (!parameter && !pattern[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }
}
