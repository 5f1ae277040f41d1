package dev.portcullis.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run.sh connections}: {@code GET .../connections/{id}/token} with a fresh token (open the
 * sealed token set, append an audit record) beside {@code GET /health/live} and a secret read (the
 * closest existing operation: decrypt + audit) of the same server in the same run. The provider is the
 * server itself (client_credentials), so the connection is real; its 5-minute tokens stay fresh for the
 * whole run, so no call refreshes.
 */
final class ConnectionsBench {
  private static final PrintStream out = System.out;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ConnectionsBench() {}

  static void run(int concurrency, Duration duration) throws Exception {
    try (BenchServer server = new BenchServer(Map.of("PORTCULLIS_EGRESS_ALLOW", "127.0.0.1", "PORTCULLIS_EGRESS_ALLOW_HTTP", "true"))) { // its provider is our own token endpoint on loopback
      String base = server.base();
      JsonObject client = post(base + "/oauth/register", new JsonObject().put("grant_types", new io.vertx.core.json.JsonArray().add("client_credentials"))
          .put("scope", "secrets:read").put("tenant", "bench"));
      JsonObject provider = post(base + "/v1/tenants/bench/providers", new JsonObject().put("name", "self").put("issuer", server.issuer())
          .put("client_id", client.getString("client_id")).put("client_secret", client.getString("client_secret"))
          .put("grant_types", new io.vertx.core.json.JsonArray().add("client_credentials")));
      JsonObject connection = post(base + "/v1/tenants/bench/providers/" + provider.getString("id") + "/connections",
          new JsonObject().put("grant_type", "client_credentials"));
      send("PUT", base + "/v1/tenants/bench/secrets/s1", "{\"value\":\"bench-value\"}");
      String tokenUrl = base + "/v1/tenants/bench/connections/" + connection.getString("id") + "/token";
      out.printf(Locale.ROOT, "%n== Token vault: %d concurrent clients, %d s per run, 2-core machine shared by server and load ==%n", concurrency,
          duration.toSeconds());
      out.printf(Locale.ROOT, "%-44s %10s %9s %9s %12s%n", "run", "ops/s", "p50 ms", "p99 ms", "vs live");
      Load.Result live = Load.run(concurrency, duration, () -> Load.expectOk(HTTP, HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), 200));
      Load.Result secret = Load.run(concurrency, duration, () -> Load.expectOk(HTTP, authorized(base + "/v1/tenants/bench/secrets/s1").GET().build(), 200));
      Load.Result token = Load.run(concurrency, duration, () -> Load.expectOk(HTTP, authorized(tokenUrl).GET().build(), 200));
      Load.print("baseline: GET /health/live", live, live);
      Load.print("baseline: secret read (decrypt, audit)", secret, live);
      Load.print("connection token, fresh (open, audit)", token, live);
      out.printf(Locale.ROOT, "connection token vs secret read: %.2fx%n", token.opsPerSecond() / secret.opsPerSecond());
    }
  }

  private static HttpRequest.Builder authorized(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + BenchServer.ADMIN);
  }

  private static JsonObject post(String url, JsonObject body) throws Exception {
    return new JsonObject(send("POST", url, body.encode()));
  }

  private static String send(String method, String url, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(authorized(url).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " -> " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
