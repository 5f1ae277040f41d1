package dev.portcullis.adapter.http.secret;

import dev.portcullis.domain.secret.SecretRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/** JSON shapes of the secrets API. No value ever goes through {@link #record}. */
final class SecretJson {
  private SecretJson() {}

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
}
