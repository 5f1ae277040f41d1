package dev.portcullis.adapter.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every response carries {@code X-Request-Id}: the caller's if it is well-formed (1–128 of
 * {@code [A-Za-z0-9._:-]}, so it is safe to log and echo), otherwise a fresh one.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  static final String KEY = "portcullis.request-id";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private RequestIds() {}

  static void assign(RoutingContext ctx) {
    String offered = ctx.request().getHeader(HEADER);
    String id = offered != null && WELL_FORMED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY, "-");
  }
}
