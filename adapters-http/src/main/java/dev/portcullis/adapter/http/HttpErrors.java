package dev.portcullis.adapter.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes error responses in the format of the route that failed. Messages never carry secrets. */
public final class HttpErrors {
  static final String FORMAT_KEY = "portcullis.error-format";

  private HttpErrors() {}

  /** 401 for a missing or invalid bearer credential: {@code unauthorized} (REST) or RFC 6750 {@code invalid_token} (OAuth). */
  public static void unauthorized(RoutingContext ctx, String message) {
    ErrorFormat format = ctx.get(FORMAT_KEY, ErrorFormat.REST);
    respond(ctx, 401, format == ErrorFormat.OAUTH ? "invalid_token" : "unauthorized", message);
  }

  /** Ends the request with an error, in the route's format (REST unless the route says OAUTH). */
  public static void respond(RoutingContext ctx, int status, String type, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ErrorFormat format = ctx.get(FORMAT_KEY, ErrorFormat.REST);
    if (format == ErrorFormat.OAUTH) {
      ctx.response().putHeader("Cache-Control", "no-store");
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body(format, status, type, message).encode());
  }

  /** The error body in {@code format}. */
  static JsonObject body(ErrorFormat format, int status, String type, String message) {
    return switch (format) {
      case REST -> new JsonObject().put("error", new JsonObject().put("type", type).put("status", status).put("message", message));
      case OAUTH -> new JsonObject().put("error", type).put("error_description", message);
    };
  }
}
