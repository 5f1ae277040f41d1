package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.Params;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalInt;

/** The secrets API's own path, query and header input; anything malformed is a 400 with the rule. */
final class SecretParams {
  private SecretParams() {}


  /** The path tenant for secrets: {@code system} is reserved for platform audit events (its audit log stays readable). */
  static TenantId secretsTenant(RoutingContext ctx) {
    TenantId tenant = Params.tenant(ctx);
    if (tenant.value().equals("system")) {
      throw new IllegalArgumentException("tenant 'system' is reserved for platform events; choose another tenant name");
    }
    return tenant;
  }
  static SecretName name(RoutingContext ctx) {
    return new SecretName(ctx.pathParam("name"));
  }
  static OptionalInt optionalVersion(RoutingContext ctx) {
    return ctx.queryParams().get("version") == null ? OptionalInt.empty() : OptionalInt.of(Params.positiveInt(ctx, "version", 1));
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
