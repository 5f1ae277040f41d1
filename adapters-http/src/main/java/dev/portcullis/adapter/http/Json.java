package dev.portcullis.adapter.http;

import dev.portcullis.application.shared.Page;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** JSON bodies of the REST API: reading a request body, typed optional fields, pages and no-store answers. */
public final class Json {
  private Json() {}

  public static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
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

  /**
   * Refuses a body with a field the endpoint does not know (400 naming them): a field that would be
   * accepted and silently dropped is lost data the caller never hears about.
   */
  public static JsonObject onlyFields(JsonObject body, java.util.Set<String> known) {
    java.util.List<String> unknown = body.fieldNames().stream().filter(field -> !known.contains(field)).sorted()
        .map(field -> field.length() > 64 ? field.substring(0, 64) + "..." : field).map(field -> field.replaceAll("[^A-Za-z0-9_.-]", "?")).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; known fields: "
          + String.join(", ", new java.util.TreeSet<>(known)));
    }
    return body;
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
