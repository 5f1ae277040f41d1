package dev.portcullis.adapter.http.secret;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/** Maps every {@link SecretOutcome} to HTTP; a new outcome breaks the build here until it has a status. */
final class Outcomes {
  private Outcomes() {}

  static <T> void respond(RoutingContext ctx, SecretOutcome<T> outcome, Consumer<T> ok) {
    switch (outcome) {
      case SecretOutcome.Ok<T> success -> ok.accept(success.value());
      case SecretOutcome.Denied<T> denied -> HttpErrors.respond(ctx, 403, "forbidden", "the caller may not do this in this tenant");
      case SecretOutcome.NotFound<T> notFound -> HttpErrors.respond(ctx, 404, "secret_not_found", "no such secret (or version) in this tenant");
      case SecretOutcome.VersionConflict<T> conflict -> {
        ctx.response().putHeader("ETag", "\"" + conflict.currentVersion() + "\"");
        HttpErrors.respond(ctx, 409, "version_conflict", "If-Match does not name the current version, which is " + conflict.currentVersion());
      }
      case SecretOutcome.Deleted<T> deleted -> HttpErrors.respond(ctx, 409, "secret_deleted", "the secret is deleted; restore it or purge it first");
      case SecretOutcome.TooLarge<T> tooLarge -> HttpErrors.respond(ctx, 413, "value_too_large", "the value is larger than " + tooLarge.maxBytes() + " bytes");
    }
  }
}
