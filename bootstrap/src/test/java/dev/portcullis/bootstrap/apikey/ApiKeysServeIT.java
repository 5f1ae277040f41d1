package dev.portcullis.bootstrap.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys on the serve wiring, two nodes sharing Postgres and Redis: a revocation on one node is honoured by the other within a second. */
class ApiKeysServeIT {
  private static final String ADMIN = "api-keys-serve-it-admin-token-0123456789";
  private static LogCapture logs;
  private static DevServer.Pair nodes;
  private static DevServer nodeA;
  private static DevServer nodeB;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    // node B runs one HTTP verticle: every request shares one event-loop context, where a single-flight
    // wait that holds the context (a plain join) deadlocks against the lookup it waits for
    nodes = DevServer.twoNodes(ADMIN, "api_keys", "PORTCULLIS_HTTP_INSTANCES", "1");
    nodeA = nodes.a();
    nodeB = nodes.b();
  }

  @AfterAll
  static void stop() {
    nodes.close();
    logs.close();
  }

  private static HttpResponse<String> verify(DevServer node, String key) {
    return node.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key);
  }

  @Test
  void create_verify_on_the_other_node_then_revoke_and_the_other_node_refuses_within_a_second() throws Exception {
    HttpResponse<String> created = nodeA.send("POST", "/v1/tenants/shop/api-keys", ADMIN,
        "{\"name\":\"ci\",\"scopes\":[\"orders:read\"],\"identity\":{\"subject\":\"user-9\"}}", "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject key = new JsonObject(created.body());
    String fullKey = key.getString("key");

    HttpResponse<String> onB = verify(nodeB, fullKey);
    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
    assertThat(verify(nodeB, fullKey).statusCode()).as("now cached on B for 60 s").isEqualTo(200);

    assertThat(nodeA.send("DELETE", "/v1/tenants/shop/api-keys/" + key.getString("id"), ADMIN, null).statusCode()).isEqualTo(200);
    long revokedAt = System.nanoTime();
    while (verify(nodeB, fullKey).statusCode() == 200) {
      assertThat((System.nanoTime() - revokedAt) / 1_000_000).as("node B still accepts the revoked key").isLessThan(1_000);
      Thread.sleep(20);
    }
    assertThat(verify(nodeB, fullKey).statusCode()).isEqualTo(401);
    assertThat(verify(nodeA, fullKey).statusCode()).isEqualTo(401);
  }

  @Test
  void last_used_at_is_written_in_the_background_not_per_request() throws Exception {
    JsonObject key = new JsonObject(nodeA.send("POST", "/v1/tenants/shop/api-keys", ADMIN, "{\"name\":\"lu\",\"identity\":{\"subject\":\"u\"}}",
        "Content-Type", "application/json").body());
    for (int i = 0; i < 20; i++) {
      assertThat(verify(nodeA, key.getString("key")).statusCode()).isEqualTo(200);
    }
    assertThat(new JsonObject(nodeA.send("GET", "/v1/tenants/shop/api-keys/" + key.getString("id"), ADMIN, null).body()).containsKey("last_used_at"))
        .as("not written on the request path").isFalse();

    long deadline = System.nanoTime() + 8_000_000_000L;
    JsonObject read;
    do {
      Thread.sleep(200);
      read = new JsonObject(nodeB.send("GET", "/v1/tenants/shop/api-keys/" + key.getString("id"), ADMIN, null).body());
    } while (!read.containsKey("last_used_at") && System.nanoTime() < deadline);
    assertThat(read.getString("last_used_at")).as("flushed within the 5 s interval").isNotNull();
  }

  @Test
  void no_key_appears_in_any_log_line_or_error_body() {
    JsonObject key = new JsonObject(nodeA.send("POST", "/v1/tenants/shop/api-keys", ADMIN, "{\"name\":\"s\",\"identity\":{\"subject\":\"u\"}}",
        "Content-Type", "application/json").body());
    String full = key.getString("key");
    String secret = full.substring(full.lastIndexOf('_') + 1);
    HttpResponse<String> wrong = verify(nodeB, full.substring(0, full.length() - 1) + "x");

    assertThat(wrong.body()).doesNotContain(secret.substring(0, 63));
    assertThat(logs.text()).doesNotContain(secret);
  }

  @Test
  void a_burst_of_parallel_verifications_of_a_cold_key_on_one_context_all_succeed() throws Exception {
    String key = new JsonObject(nodeA.send("POST", "/v1/tenants/shop/api-keys", ADMIN, "{\"name\":\"burst\",\"identity\":{\"subject\":\"u\"}}",
        "Content-Type", "application/json").body()).getString("key");
    int threads = 24;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        statuses.add(pool.submit(() -> {
          start.await();
          return verify(nodeB, key).statusCode();
        }));
      }
    }
    for (var status : statuses) {
      assertThat(status.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
    }
  }
}
