package dev.portcullis.adapter.http.secret;

import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.secret.SecretRecord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** JSON shapes of the secrets and audit API. No value ever goes through {@link #record}. */
public final class Json {
  private Json() {}

  static JsonObject record(SecretRecord record) {
    JsonObject json = new JsonObject()
        .put("id", record.id())
        .put("name", record.name().value())
        .put("version", record.currentVersion())
        .put("metadata", new JsonObject()
            .put("description", record.metadata().description())
            .put("tags", new JsonArray(java.util.List.copyOf(record.metadata().tags())))
            .put("created_by", record.metadata().createdBy()))
        .put("created_at", record.createdAt().toString())
        .put("updated_at", record.updatedAt().toString());
    record.deletedAt().ifPresent(at -> json.put("deleted_at", at.toString()));
    return json;
  }

  static JsonObject audit(AuditRecord record) {
    var e = record.event();
    return new JsonObject()
        .put("sequence", record.sequence())
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("subject", e.subject())
        .put("action", e.action().wireName())
        .put("target", e.target())
        .put("outcome", e.outcome().name().toLowerCase(Locale.ROOT))
        .put("request_id", e.requestId())
        .put("client_address", e.clientAddress())
        .put("detail", e.detail())
        .put("previous_hash", record.previousHash())
        .put("hash", record.hash());
  }

  static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
    JsonArray data = new JsonArray();
    page.items().forEach(i -> data.add(item.apply(i)));
    return new JsonObject().put("data", data).put("pagination", new JsonObject()
        .put("page", page.page()).put("per_page", page.perPage()).put("total", page.total()).put("total_pages", page.totalPages()));
  }

  /** The request body as a JSON object, or IllegalArgumentException (→ 400). */
  public static JsonObject body(RoutingContext ctx) {
    try {
      Object parsed = ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? null : ctx.body().asJsonObject();
      if (parsed == null) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      return (JsonObject) parsed;
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
  }

  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return text;
  }

  static Set<String> optionalTags(JsonObject body) {
    Object value = body.getValue("tags");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.stream().anyMatch(t -> !(t instanceof String))) {
      throw new IllegalArgumentException("tags must be an array of strings");
    }
    Set<String> tags = new LinkedHashSet<>();
    array.forEach(t -> tags.add((String) t));
    return tags;
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** Absent: empty; else an array of strings (duplicates dropped, order kept). */
  public static java.util.Optional<java.util.List<String>> strings(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return java.util.Optional.empty();
    }
    if (!(value instanceof JsonArray array) || array.stream().anyMatch(t -> !(t instanceof String))) {
      throw new IllegalArgumentException(field + " must be an array of strings");
    }
    return java.util.Optional.of(java.util.List.copyOf(new java.util.LinkedHashSet<>(array.stream().map(String.class::cast).toList())));
  }

}
