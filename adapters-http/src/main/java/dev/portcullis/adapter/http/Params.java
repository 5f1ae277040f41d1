package dev.portcullis.adapter.http;

import dev.portcullis.domain.shared.TenantId;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Path, query and header input parsed into value objects; anything malformed is a 400 with the rule. */
public final class Params {
  private Params() {}

  /** The path tenant. */
  public static TenantId tenant(RoutingContext ctx) {
    return new TenantId(ctx.pathParam("tenant"));
  }

  public static int positiveInt(RoutingContext ctx, String param, int fallback) {
    String raw = ctx.queryParams().get(param);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(param + " must be a positive whole number");
    }
  }

  public static String optionalText(RoutingContext ctx, String param) {
    String raw = ctx.queryParams().get(param);
    return raw == null || raw.isEmpty() ? null : raw;
  }

  public static Optional<Instant> optionalInstant(RoutingContext ctx, String param) {
    String raw = ctx.queryParams().get(param);
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(raw));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(param + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z");
    }
  }
}
