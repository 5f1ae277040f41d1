package dev.portcullis.adapter.http.secret;

import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/** Path, query and header input parsed into value objects; anything malformed is a 400 with the rule. */
final class Params {
  private Params() {}

  /** The path tenant. */
  static TenantId tenant(RoutingContext ctx) {
    return new TenantId(ctx.pathParam("tenant"));
  }

  /** The path tenant for secrets: {@code system} is reserved for platform audit events (its audit log stays readable). */
  static TenantId secretsTenant(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    if (tenant.value().equals("system")) {
      throw new IllegalArgumentException("tenant 'system' is reserved for platform events; choose another tenant name");
    }
    return tenant;
  }

  static SecretName name(RoutingContext ctx) {
    return new SecretName(ctx.pathParam("name"));
  }

  static int positiveInt(RoutingContext ctx, String param, int fallback) {
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

  static OptionalInt optionalVersion(RoutingContext ctx) {
    return ctx.queryParams().get("version") == null ? OptionalInt.empty() : OptionalInt.of(positiveInt(ctx, "version", 1));
  }

  static String optionalText(RoutingContext ctx, String param) {
    String raw = ctx.queryParams().get(param);
    return raw == null || raw.isEmpty() ? null : raw;
  }

  static Optional<Instant> optionalInstant(RoutingContext ctx, String param) {
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

  /** {@code If-Match: "3"} (or {@code 3}, or a weak {@code W/"3"}) → the version the caller last saw. */
  static OptionalInt ifMatch(RoutingContext ctx) {
    String raw = ctx.request().getHeader("If-Match");
    if (raw == null || raw.isBlank()) {
      return OptionalInt.empty();
    }
    String tag = raw.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    tag = tag.replace("\"", "");
    try {
      int version = Integer.parseInt(tag);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return OptionalInt.of(version);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("If-Match must be the current version as an entity tag, e.g. If-Match: \"3\"");
    }
  }
}
