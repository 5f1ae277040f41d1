package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Readiness means "can serve", on the real {@code serve} wiring with Postgres and Redis each behind a
 * {@link TcpProxy}: Postgres down is 503; Redis down is 200 {@code degraded} with what is unavailable,
 * while token issuance and API keys keep working; a dependency that hangs (accepts connections, never
 * answers) costs at most the 2-second budget, and the checks run in parallel, so even with everything
 * hanging the answer comes within about 2 seconds. Answer times go to {@code target/readiness-timings.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessServeIT {
  private static final String ADMIN = "readiness-serve-it-admin-token-0123456789";
  private static final String ROOT_KEY = RootKeys.generate().revealUtf8();
  /** The 2-second budget, the service's slack, and room for a loaded CI machine. */
  private static final Duration ANSWER_LIMIT = Duration.ofMillis(2_600);
  private static TestPostgres database;
  private static TcpProxy postgres;
  private static TcpProxy redis;
  private static DevServer node;
  private static JsonObject client;
  private static String apiKey;
  private static String apiKeyId;

  @BeforeAll
  static void start() {
    database = TestPostgres.get().freshDatabase("readiness");
    postgres = TcpProxy.to(database.host(), database.port());
    redis = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port());
    node = DevServer.serveVia(database, postgres.port(), DevServer.redisVia(redis.port()), ADMIN, "PORTCULLIS_ROOT_KEY", ROOT_KEY);
    HttpResponse<String> registered = node.send("POST", "/oauth/register", ADMIN, new JsonObject()
        .put("grant_types", new JsonArray().add("client_credentials")).put("token_endpoint_auth_method", "client_secret_basic")
        .put("scope", "secrets:read").put("tenant", "acme").encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    client = new JsonObject(registered.body());
    HttpResponse<String> created = node.send("POST", "/v1/tenants/acme/api-keys", ADMIN,
        "{\"name\":\"ci\",\"scopes\":[\"orders:read\"],\"identity\":{\"subject\":\"user-9\"}}", "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    apiKey = new JsonObject(created.body()).getString("key");
    apiKeyId = new JsonObject(created.body()).getString("id");
  }

  @AfterAll
  static void stop() {
    try {
      postgres.restore();
      redis.restore();
      node.close();
    } finally {
      postgres.close();
      redis.close();
    }
  }

  @Test
  @Order(1)
  void with_every_dependency_up_the_node_is_ready_and_each_check_says_whether_it_is_required_and_what_it_carries() {
    HttpResponse<String> response = ready();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("status")).isEqualTo("ready");
    assertThat(body.getString("state")).isEqualTo("ready");
    assertThat(body.getJsonArray("unavailable")).isEmpty();
    JsonObject pg = check(body, "postgres");
    assertThat(pg.getString("status")).isEqualTo("up");
    assertThat(pg.getBoolean("required")).isTrue();
    assertThat(pg.getJsonArray("affects").getList()).contains("token_issuance", "api_keys", "secrets");
    JsonObject rd = check(body, "redis");
    assertThat(rd.getString("status")).isEqualTo("up");
    assertThat(rd.getBoolean("required")).isFalse();
    assertThat(rd.getJsonArray("affects").getList()).containsExactly("private_key_jwt", "prompt_invalidation");
  }

  @Test
  @Order(2)
  void redis_unreachable_keeps_the_node_ready_but_degraded_while_token_issuance_and_api_keys_keep_working() throws Exception {
    redis.cut();
    try {
      HttpResponse<String> response = readyUntil(r -> "degraded".equals(new JsonObject(r.body()).getString("state")));

      assertThat(response.statusCode()).as("a Redis blip must not take every node out of the balancer").isEqualTo(200);
      JsonObject body = new JsonObject(response.body());
      assertThat(body.getString("status")).isEqualTo("ready");
      assertThat(body.getString("detail")).startsWith("redis down; unavailable: private_key_jwt");
      assertThat(body.getJsonArray("unavailable").getList()).containsExactly("private_key_jwt", "prompt_invalidation");
      assertThat(check(body, "redis").getString("status")).isEqualTo("down");
      assertThat(check(body, "postgres").getString("status")).isEqualTo("up");
      assertThat(feature(body, "redis").getString("state")).isEqualTo("degraded");

      HttpResponse<String> token = token();
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      HttpResponse<String> verified = node.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", apiKey);
      assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
      HttpResponse<String> bearer = node.send("GET", "/v1/tenants/acme/secrets", new JsonObject(token.body()).getString("access_token"), null);
      assertThat(bearer.statusCode()).as("revocations are checked in memory against the invalidation log in Postgres: no Redis needed").isNotIn(500, 503);
      HttpResponse<String> revoked = node.send("DELETE", "/v1/tenants/acme/api-keys/" + apiKeyId, ADMIN, null);
      assertThat(revoked.statusCode()).as("the revocation and its announcement commit in Postgres; only the doorbell is silent").isEqualTo(200);
      assertThat(node.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", apiKey).statusCode()).as("on this node at once").isEqualTo(401);
    } finally {
      redis.restore();
    }
    assertThat(new JsonObject(readyUntil(r -> "ready".equals(new JsonObject(r.body()).getString("state"))).body()).getString("state")).isEqualTo("ready");
  }

  @Test
  @Order(3)
  void a_redis_that_hangs_costs_readiness_at_most_the_budget_and_leaves_the_node_degraded_not_unready() throws Exception {
    redis.blackhole();
    try {
      Timed timed = timedReady();

      assertThat(timed.took()).isLessThan(ANSWER_LIMIT);
      assertThat(timed.response().statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(timed.response().body());
      assertThat(body.getString("state")).isEqualTo("degraded");
      assertThat(check(body, "redis").getString("detail")).startsWith("no answer within");
      assertThat(token().statusCode()).as("token issuance does not touch Redis").isEqualTo(200);
      record("redis blackholed: readiness answered 200 degraded in %d ms", timed.took().toMillis());
    } finally {
      redis.restore();
    }
    readyUntil(r -> "ready".equals(new JsonObject(r.body()).getString("state")));
  }

  @Test
  @Order(4)
  void a_postgres_that_hangs_makes_the_node_unready_within_the_budget_and_it_recovers_when_postgres_answers_again() throws Exception {
    postgres.blackhole();
    try {
      Timed timed = timedReady();

      assertThat(timed.took()).isLessThan(ANSWER_LIMIT);
      assertThat(timed.response().statusCode()).isEqualTo(503);
      JsonObject body = new JsonObject(timed.response().body());
      assertThat(body.getString("status")).isEqualTo("not_ready");
      assertThat(body.getString("state")).isEqualTo("not_ready");
      assertThat(body.getString("detail")).isEqualTo("postgres down: this node cannot serve its core paths");
      assertThat(check(body, "postgres").getString("status")).isEqualTo("down");
      assertThat(check(body, "redis").getString("status")).isEqualTo("up");
      record("postgres blackholed: readiness answered 503 in %d ms", timed.took().toMillis());
    } finally {
      postgres.restore();
    }
    assertThat(readyUntil(r -> r.statusCode() == 200).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void with_every_dependency_hanging_readiness_still_answers_within_about_2_seconds_because_the_checks_run_in_parallel() throws Exception {
    postgres.blackhole();
    redis.blackhole();
    try {
      Timed timed = timedReady();

      assertThat(timed.took()).as("one budget for all checks, not one after the other (that was 4 s and more)").isLessThan(ANSWER_LIMIT);
      assertThat(timed.response().statusCode()).isEqualTo(503);
      JsonObject body = new JsonObject(timed.response().body());
      assertThat(check(body, "postgres").getString("status")).isEqualTo("down");
      assertThat(check(body, "redis").getString("status")).isEqualTo("down");
      record("postgres and redis blackholed: readiness answered 503 in %d ms", timed.took().toMillis());
    } finally {
      postgres.restore();
      redis.restore();
    }
    readyUntil(r -> "ready".equals(new JsonObject(r.body()).getString("state")));
  }

  @Test
  @Order(6)
  void with_sessions_on_redis_a_redis_outage_reports_sessions_unavailable_and_the_node_stays_in_the_balancer() throws Exception {
    DevServer sessions = DevServer.serveVia(database, postgres.port(), DevServer.redisVia(redis.port()), ADMIN, "PORTCULLIS_ROOT_KEY", ROOT_KEY,
        "PORTCULLIS_SESSION_STORE", "redis", "PORTCULLIS_UPSTREAM_ISSUER", "http://127.0.0.1:1", "PORTCULLIS_UPSTREAM_CLIENT_ID", "portcullis",
        "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "upstream-secret-for-readiness-it");
    try {
      JsonObject before = new JsonObject(sessions.send("GET", "/health/ready", null, null).body());
      assertThat(check(before, "redis").getJsonArray("affects").getList()).startsWith("sessions");
      assertThat(check(before, "postgres").getJsonArray("affects").getList()).doesNotContain("sessions");
      redis.cut();

      HttpResponse<String> during = readyUntil(sessions, r -> "degraded".equals(new JsonObject(r.body()).getString("state")));

      assertThat(during.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(during.body());
      assertThat(body.getJsonArray("unavailable").getList()).startsWith("sessions");
      assertThat(body.getString("detail")).startsWith("redis down; unavailable: sessions");
    } finally {
      redis.restore();
      sessions.close();
    }
  }

  private record Timed(HttpResponse<String> response, Duration took) {}

  private static Timed timedReady() {
    long start = System.nanoTime();
    HttpResponse<String> response = ready();
    return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
  }

  private static HttpResponse<String> ready() {
    return node.send("GET", "/health/ready", null, null);
  }

  private static HttpResponse<String> readyUntil(Predicate<HttpResponse<String>> condition) throws InterruptedException {
    return readyUntil(node, condition);
  }

  /** Readiness notices an outage or a recovery within a bounded time, not necessarily on the next probe. */
  private static HttpResponse<String> readyUntil(DevServer server, Predicate<HttpResponse<String>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    HttpResponse<String> response = server.send("GET", "/health/ready", null, null);
    while (!condition.test(response) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      response = server.send("GET", "/health/ready", null, null);
    }
    assertThat(condition).as("readiness never got there; last answer %s %s", response.statusCode(), response.body()).accepts(response);
    return response;
  }

  private static HttpResponse<String> token() throws IOException, InterruptedException {
    String pair = URLEncoder.encode(client.getString("client_id"), StandardCharsets.UTF_8) + ":"
        + URLEncoder.encode(client.getString("client_secret"), StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url("/oauth/token"))).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=secrets%3Aread")).build();
    return node.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject check(JsonObject body, String name) {
    return named(body.getJsonArray("checks"), name);
  }

  private static JsonObject feature(JsonObject body, String name) {
    return named(body.getJsonArray("features"), name);
  }

  private static JsonObject named(JsonArray array, String name) {
    List<JsonObject> matches = array.stream().map(JsonObject.class::cast).filter(o -> name.equals(o.getString("name"))).toList();
    assertThat(matches).as("%s in %s", name, array).hasSize(1);
    return matches.get(0);
  }

  private static void record(String format, Object... args) throws IOException {
    String line = String.format(format, args);
    System.out.println(line);
    Files.writeString(Path.of("target", "readiness-timings.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
