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

  /**
   * The status of an OAuth error code, decided here and nowhere else: RFC 6749 §5.2 ({@code invalid_client}
   * 401, the rest 400), RFC 6750 §3.1 ({@code invalid_token} 401, {@code insufficient_scope} 403) and the
   * outage codes ({@code temporarily_unavailable} 503, {@code server_error} 500).
   */
  public static int oauthStatus(String error) {
    return switch (error) {
      case "invalid_client", "invalid_token" -> 401;
      case "insufficient_scope" -> 403;
      case "temporarily_unavailable" -> 503;
      case "server_error" -> 500;
      default -> 400;
    };
  }

  /** Ends the request with an OAuth error, its status from {@link #oauthStatus}. */
  public static void respondOAuth(RoutingContext ctx, String error, String description) {
    respond(ctx, oauthStatus(error), error, description);
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
  public static JsonObject body(ErrorFormat format, int status, String type, String message) {
    return switch (format) {
      case REST -> new JsonObject().put("error", new JsonObject().put("type", type).put("status", status).put("message", message));
      case OAUTH -> new JsonObject().put("error", type).put("error_description", message);
    };
  }
}
