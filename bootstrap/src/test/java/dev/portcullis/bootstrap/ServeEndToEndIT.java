package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real {@code serve} wiring (CLI, config, Guice, migrations, Postgres, Redis, HTTP) on a random
 * port against real Postgres and Redis. Postgres is reached through a TCP proxy so the test can
 * take it away and give it back. Sentinel credentials prove nothing secret reaches a log line or a
 * response.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeEndToEndIT {
  private static final String ADMIN_TOKEN = "e2e-admin-sentinel-0b6c5a4f3e2d1c0b9a87";
  private static final String PG_PASSWORD = "e2e-pg-password-sentinel-77aa"; // local trust auth ignores it
  private static final String ROOT_KEY = RootKeys.generate().revealUtf8();

  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final StringWriter cliOut = new StringWriter();
  private static final StringWriter cliErr = new StringWriter();
  private static LogCapture logs;
  private static TcpProxy postgresProxy;
  private static Cli cli;
  private static String base;
  private static TestPostgres database;

  @BeforeAll
  static void serve() {
    logs = new LogCapture();
    database = TestPostgres.get().freshDatabase("serve_e2e");
    postgresProxy = TcpProxy.to(database.host(), database.port());
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_HTTP_HOST", "127.0.0.1");
    env.put("PORTCULLIS_HTTP_BODY_LIMIT", "2048");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres:" + PG_PASSWORD + "@127.0.0.1:" + postgresProxy.port() + "/" + database.database());
    env.put("PORTCULLIS_REDIS_URL", TestRedis.get().url());
    env.put("PORTCULLIS_REDIS_KEY_PREFIX", TestRedis.get().keyPrefix() + database.database() + ":"); // counts of other tests never reach this one
    env.put("PORTCULLIS_ROOT_KEY", ROOT_KEY);
    env.put("PORTCULLIS_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("PORTCULLIS_SHUTDOWN_GRACE_SECONDS", "2");
    cli = new Cli(env, false);
    int code = cli.execute(new PrintWriter(cliOut), new PrintWriter(cliErr), "serve");
    assertThat(code).as("serve exit code; stderr: %s", cliErr).isZero();
    base = "http://127.0.0.1:" + cli.running().port();
  }

  @AfterAll
  static void stop() {
    try {
      cli.running().close();
      String everything = logs.text() + cliOut + cliErr;
      assertThat(everything).as("no secret in any log line or console output")
          .doesNotContain(ADMIN_TOKEN).doesNotContain(PG_PASSWORD).doesNotContain(ROOT_KEY);
      assertThat(logs.text()).contains("\"message\":\"stopped\"");
    } finally {
      logs.close();
      postgresProxy.close();
    }
  }

  @Test
  @Order(1)
  void serve_applies_the_migrations_at_start() throws Exception {
    StringWriter out = new StringWriter();
    Map<String, String> env = Map.of("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port() + "/" + database.database());

    int code = new Cli(env, false).execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "migrate");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("schema is current");
  }

  @Test
  @Order(2)
  void live_and_ready_report_postgres_and_redis_up() throws Exception {
    HttpResponse<String> live = get("/health/live");
    HttpResponse<String> ready = get("/health/ready");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(ready.body());
    assertThat(body.getString("status")).isEqualTo("ready");
    assertThat(statusOf(body.getJsonArray("checks"), "postgres")).isEqualTo("up");
    assertThat(statusOf(body.getJsonArray("checks"), "redis")).isEqualTo("up");
    assertThat(body.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("name")))
        .contains("redis", "broker", "remote_key_resolver", "crypto_provider");
  }

  @Test
  @Order(3)
  void ready_is_503_while_postgres_is_unreachable_and_recovers_when_it_returns() throws Exception {
    postgresProxy.cut();
    HttpResponse<String> during = get("/health/ready");
    HttpResponse<String> liveDuring = get("/health/live");
    postgresProxy.restore();
    HttpResponse<String> after = get("/health/ready");

    assertThat(during.statusCode()).isEqualTo(503);
    JsonObject body = new JsonObject(during.body());
    assertThat(body.getString("status")).isEqualTo("not_ready");
    assertThat(statusOf(body.getJsonArray("checks"), "postgres")).isEqualTo("down");
    assertThat(statusOf(body.getJsonArray("checks"), "redis")).isEqualTo("up");
    assertThat(during.body()).doesNotContain(PG_PASSWORD);
    assertThat(liveDuring.statusCode()).isEqualTo(200);
    assertThat(after.statusCode()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void errors_use_the_documented_format_for_404_405_and_413() throws Exception {
    HttpResponse<String> notFound = get("/v1/nothing-here");
    HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/info")).method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(4096))));

    assertThat(errorOf(notFound)).isEqualTo(new JsonObject().put("type", "not_found").put("status", 404).put("message", "no resource at GET /v1/nothing-here"));
    assertThat(errorOf(wrongMethod).getString("type")).isEqualTo("method_not_allowed");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(errorOf(tooLarge).getString("type")).isEqualTo("payload_too_large");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
  }

  @Test
  @Order(5)
  void every_response_carries_a_request_id_and_a_good_one_is_kept() throws Exception {
    HttpResponse<String> kept = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).header("X-Request-Id", "e2e-trace-42"));
    HttpResponse<String> fresh = get("/v1/nothing-here");

    assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("e2e-trace-42");
    assertThat(fresh.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(logs.text()).contains("\"request_id\":\"e2e-trace-42\"").contains("\"route\":\"/health/live\"");
  }

  @Test
  @Order(6)
  void the_admin_token_guards_admin_routes() throws Exception {
    HttpResponse<String> without = get("/v1/admin/info");
    HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/info")).header("Authorization", "Bearer " + ADMIN_TOKEN + "x"));
    HttpResponse<String> with = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/info")).header("Authorization", "Bearer " + ADMIN_TOKEN));

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(ADMIN_TOKEN);
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(with.body()).getString("mode")).isEqualTo("serve");
  }

  @Test
  @Order(7)
  void metrics_expose_per_route_latency_pool_stats_and_jvm() throws Exception {
    get("/health/live");

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
    assertThat(metrics.body())
        .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"}")
        .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/health/live\"")
        .contains("portcullis_pg_pool_connections")
        .contains("portcullis_pg_pool_max 10.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(8)
  void openapi_is_served_with_this_deployments_issuer() throws Exception {
    HttpResponse<String> response = get("/openapi.json");

    JsonObject spec = new JsonObject(response.body());
    assertThat(spec.getString("openapi")).isEqualTo("3.1.0");
    assertThat(spec.getJsonArray("servers").getJsonObject(0).getString("url")).isEqualTo(cli.running().issuer());
  }

  @Test
  @Order(9)
  void a_second_node_starting_against_the_same_database_finds_the_schema_current() {
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port() + "/" + database.database());
    env.put("PORTCULLIS_ROOT_KEY", ROOT_KEY);
    env.put("PORTCULLIS_ADMIN_TOKEN", ADMIN_TOKEN);
    Cli second = new Cli(env, false);

    int code = second.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "serve");

    assertThat(code).isZero();
    second.running().close();
    assertThat(logs.text()).contains("schema is current (0 migration(s) applied now)");
  }

  @Test
  @Order(10)
  void serve_with_an_unreachable_database_exits_1_with_a_clear_message() {
    StringWriter err = new StringWriter();
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres:" + PG_PASSWORD + "@127.0.0.1:1/nowhere");
    env.put("PORTCULLIS_ROOT_KEY", ROOT_KEY);
    env.put("PORTCULLIS_ADMIN_TOKEN", ADMIN_TOKEN);

    int code = new Cli(env, false).execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve");

    assertThat(code).isEqualTo(Cli.START_FAILED);
    assertThat(err.toString()).contains("could not start").contains("Connection refused").doesNotContain(PG_PASSWORD).doesNotContain("\tat ");
  }

  private static String statusOf(JsonArray checks, String name) {
    return checks.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow().getString("status");
  }

  private static JsonObject errorOf(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return new JsonObject(response.body()).getJsonObject("error");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
