package dev.portcullis.adapter.redis.session;

import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A session as the fields of its Redis hash: {@code data} (what never changes, as JSON), {@code upstream} (the sealed
 * upstream tokens), {@code upstream_exp}, {@code upstream_at}, {@code exp}, {@code ended} and {@code lease} (instants in
 * epoch milliseconds, empty when absent). The Lua scripts read and write the same fields by name.
 */
final class SessionHash {
  private SessionHash() {}

  /** The arguments of the {@code HSET} that stores a new session under {@code key}. */
  static List<String> hset(String key, Session session) {
    IdentityClaims identity = session.identity();
    JsonObject data = new JsonObject().put("id", session.id()).put("tenant", session.tenant().value()).put("client", session.clientId())
        .put("sub", session.subject()).put("email", identity.email().orElse(null)).put("name", identity.name().orElse(null))
        .put("groups", new JsonArray(identity.groups())).put("scope", new JsonArray(List.copyOf(session.scope())))
        .put("created", session.createdAt().toEpochMilli());
    return List.of(key, "data", data.encode(), "upstream", SealedText.encode(session.upstreamTokens()), "upstream_exp", ms(session.upstreamAccessExpiresAt()),
        "upstream_at", ms(session.upstreamObtainedAt()), "exp", ms(session.expiresAt()), "ended", session.endedAt().map(SessionHash::ms).orElse(""),
        "lease", "");
  }

  /** A session from {@code HGETALL}'s answer; nothing when the hash is gone. */
  static Optional<Session> fromHash(Response hash) {
    if (hash == null) {
      return Optional.empty();
    }
    Map<String, String> named = new HashMap<>();
    for (String field : hash.getKeys()) {
      named.put(field, hash.get(field).toString());
    }
    return decode(named);
  }

  /** A session from a script's flat field/value list (what {@code HGETALL} answers inside Lua); nothing when it is empty. */
  static Optional<Session> fromPairs(Response pairs) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
    }
    return decode(fields);
  }

  private static Optional<Session> decode(Map<String, String> fields) {
    if (!fields.containsKey("data")) {
      return Optional.empty();
    }
    JsonObject data = new JsonObject(fields.get("data"));
    String ended = fields.get("ended");
    return Optional.of(new Session(data.getString("id"), new TenantId(data.getString("tenant")), data.getString("client"), data.getString("sub"),
        new IdentityClaims(Optional.ofNullable(data.getString("email")), Optional.ofNullable(data.getString("name")), strings(data.getJsonArray("groups"))),
        Set.copyOf(strings(data.getJsonArray("scope"))), SealedText.decode(fields.get("upstream")),
        instant(fields.get("upstream_exp")), instant(fields.get("upstream_at")), Instant.ofEpochMilli(data.getLong("created")), instant(fields.get("exp")),
        ended.isEmpty() ? Optional.empty() : Optional.of(instant(ended))));
  }

  static String ms(Instant instant) {
    return Long.toString(instant.toEpochMilli());
  }

  private static Instant instant(String epochMillis) {
    return Instant.ofEpochMilli(Long.parseLong(epochMillis));
  }

  static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
