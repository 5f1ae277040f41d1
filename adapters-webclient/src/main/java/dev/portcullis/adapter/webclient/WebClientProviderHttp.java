package dev.portcullis.adapter.webclient;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProviderExchange} over {@link Outbound}: every provider URL was supplied by a tenant, so every
 * exchange passes the egress policy. A failure reaches the caller as one generic reason ("unreachable"),
 * whatever it was (refused by the policy, refused, reset, timed out, too large): the detail is in the
 * server log, so registering providers cannot be used to probe the network.
 */
final class WebClientProviderHttp implements ProviderExchange {
  static final String UNREACHABLE = "unreachable";
  private final Outbound outbound;
  private final Outbound.Trust trust;

  WebClientProviderHttp(Outbound outbound) {
    this(outbound, Outbound.Trust.SUPPLIED);
  }

  /** @param trust {@link Outbound.Trust#CONFIGURED} only for the operator's own peers (the upstream OpenID provider) */
  WebClientProviderHttp(Outbound outbound, Outbound.Trust trust) {
    this.outbound = outbound;
    this.trust = trust;
  }

  @Override
  public Answer get(URI uri) {
    return answer(outbound.send(io.vertx.core.http.HttpMethod.GET, uri, Map.of("Accept", "application/json"), null, trust));
  }

  @Override
  public Answer getWithBearer(URI uri, String accessToken) {
    return answer(outbound.send(io.vertx.core.http.HttpMethod.GET, uri, Map.of("Accept", "application/json", "Authorization", "Bearer " + accessToken), null, trust));
  }

  @Override
  public Answer postForm(URI uri, Map<String, String> form, Optional<String> basic) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    basic.ifPresent(credentials -> headers.put("Authorization", "Basic " + credentials));
    StringBuilder body = new StringBuilder();
    form.forEach((name, value) -> {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return answer(outbound.send(io.vertx.core.http.HttpMethod.POST, uri, headers, Buffer.buffer(body.toString()), trust));
  }

  private static Answer answer(Outbound.Result result) {
    return switch (result) {
      case Outbound.Failed failed -> new Failed(UNREACHABLE);
      case Outbound.Answered answered -> {
        String contentType = answered.header("content-type").orElse("");
        Optional<Map<String, Object>> json = contentType.startsWith("application/x-www-form-urlencoded") ? Optional.of(form(answered.body()))
            : jsonObject(answered.body());
        yield new Answered(answered.status(), json, answered.body(), answered.retryAfter());
      }
    };
  }

  static Optional<Map<String, Object>> jsonObject(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(plain(new JsonObject(trimmed)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** JsonObject/JsonArray (and the Maps/Lists Jackson may leave inside) as plain Maps and Lists. */
  private static Map<String, Object> plain(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name : object.fieldNames()) {
      map.put(name, plainValue(object.getValue(name)));
    }
    return map;
  }

  private static Object plainValue(Object value) {
    return switch (value) {
      case JsonObject object -> plain(object);
      case JsonArray array -> {
        List<Object> list = new ArrayList<>();
        array.forEach(item -> list.add(plainValue(item)));
        yield list;
      }
      case null -> null;
      default -> value;
    };
  }

  private static Map<String, Object> form(String text) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String pair : text.strip().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] parts = pair.split("=", 2);
      try {
        map.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      } catch (IllegalArgumentException e) {
        return Map.of();
      }
    }
    return map;
  }
}
