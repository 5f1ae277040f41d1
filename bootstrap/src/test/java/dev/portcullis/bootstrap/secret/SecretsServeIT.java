package dev.portcullis.bootstrap.secret;

import static dev.portcullis.bootstrap.secret.Api.json;
import static dev.portcullis.bootstrap.secret.Api.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.Cli;
import dev.portcullis.bootstrap.LogCapture;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secret vault through the real serve wiring on Postgres and Redis. */
class SecretsServeIT {
  private static final String TOKEN = "secrets-serve-it-admin-token-5d1e7c0b9a";
  private static final String SENTINEL = "SENTINEL-" + java.util.UUID.randomUUID();
  private static LogCapture logs;
  private static Cli cli;
  private static Api api;
  private static TestPostgres database;
  private static final String rootKey = RootKeys.generate().revealUtf8();

  @BeforeAll
  static void serve() {
    logs = new LogCapture();
    database = TestPostgres.get().freshDatabase("secrets_e2e");
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port() + "/" + database.database());
    env.put("PORTCULLIS_PG_POOL_SIZE", "16");
    env.put("PORTCULLIS_REDIS_URL", TestRedis.get().url());
    env.put("PORTCULLIS_REDIS_KEY_PREFIX", TestRedis.get().keyPrefix() + database.database() + ":"); // counts of other tests never reach this one
    env.put("PORTCULLIS_ROOT_KEY", rootKey);
    env.put("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    env.put("PORTCULLIS_SECRET_MAX_BYTES", "4096");
    env.put("PORTCULLIS_KEK_RING_REFRESH_MS", "20"); // refresh constantly: the refresh path must never stall requests
    cli = new Cli(env, false);
    StringWriter err = new StringWriter();
    assertThat(cli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve")).as(err.toString()).isZero();
    api = new Api(cli.running().port(), TOKEN);
  }

  @AfterAll
  static void stop() {
    cli.running().close();
    logs.close();
  }

  @Test
  void sentinel_value_appears_in_no_log_line_audit_record_or_database_column() {
    String base = "/v1/tenants/sentinel/secrets/";
    api.put(base + "canary", secret(SENTINEL).put("description", "canary").put("tags", new JsonArray().add("t")));
    api.put(base + "canary", secret(SENTINEL + "-v2"), "If-Match", "\"1\"");
    assertThat(json(api.get(base + "canary?version=1")).getString("value")).isEqualTo(SENTINEL);
    api.get(base + "canary/versions");
    api.get("/v1/tenants/sentinel/secrets?search=canary");
    api.send("PATCH", base + "canary", new JsonObject().put("description", "still canary").encode());
    api.put(base + "canary", secret(SENTINEL + "-stale"), "If-Match", "\"1\"");      // 409
    api.put(base + "canary", secret(SENTINEL.repeat(200)));                          // 413
    api.put(base + "bad..name", secret(SENTINEL));                                   // 400
    api.send("PUT", base + "canary", "{\"value\": \"" + SENTINEL + "\", oops}");     // 400, malformed JSON
    api.put("/v1/tenants/Bad/secrets/x", secret(SENTINEL));                          // 400
    new Api(cli.running().port(), SENTINEL).get(base + "canary");                    // 401 with the sentinel as token
    String byId = "/v1/tenants/sentinel/secrets-by-id/" + json(api.get(base + "canary")).getString("id");
    assertThat(json(api.get(byId + "?version=1")).getString("value")).as("by id, in one transaction on Postgres").isEqualTo(SENTINEL);
    assertThat(api.put(byId, secret(SENTINEL + "-v3"), "If-Match", "\"2\"").statusCode()).isEqualTo(200);
    api.send("DELETE", byId, null);
    api.send("POST", byId + "/restore", null);
    api.get("/v1/tenants/sentinel/audit");
    api.get("/v1/tenants/sentinel/audit/verify");

    assertThat(logs.text()).as("logs").doesNotContain(SENTINEL).contains("/v1/tenants/:tenant/secrets/:name");
    assertThat(api.get("/v1/tenants/sentinel/audit?per_page=100").body()).as("audit API").doesNotContain(SENTINEL);
    assertThat(everyDatabaseValue()).as("every column of every table").doesNotContain(SENTINEL)
        .doesNotContain(HexFormat.of().formatHex(SENTINEL.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void parallel_writers_over_http_produce_consecutive_versions_and_lose_none() throws Exception {
    String path = "/v1/tenants/race/secrets/hot";
    int writers = 8;
    int each = 10;
    CyclicBarrier start = new CyclicBarrier(writers);
    List<Future<List<Integer>>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(threads.submit(() -> {
          start.await();
          List<Integer> versions = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            HttpResponse<String> response = api.put(path, secret("w" + writer + "-" + i));
            assertThat(response.statusCode()).isIn(200, 201);
            versions.add(json(response).getInteger("version"));
          }
          return versions;
        }));
      }
    }

    List<Integer> versions = new ArrayList<>();
    for (Future<List<Integer>> result : results) {
      versions.addAll(result.get());
    }
    assertThat(versions).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, writers * each).boxed().toList());
    List<String> stored = new ArrayList<>();
    for (int v = 1; v <= writers * each; v++) {
      stored.add(json(api.get(path + "?version=" + v)).getString("value"));
    }
    assertThat(stored).doesNotHaveDuplicates().hasSize(writers * each);
  }

  @Test
  void reads_keep_succeeding_while_the_root_key_rotates_and_data_keys_are_rewrapped() throws Exception {
    int secrets = 300;
    for (int i = 0; i < secrets; i++) {
      assertThat(api.put("/v1/tenants/rotation/secrets/s" + i, secret("value-" + i)).statusCode()).isEqualTo(201);
    }
    AtomicBoolean rotating = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> readers = new ArrayList<>();
    String before;

    try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
      for (int r = 0; r < 4; r++) {
        int offset = r;
        readers.add(threads.submit(() -> {
          int i = offset;
          while (rotating.get()) {
            int n = i++ % secrets;
            HttpResponse<String> response = api.get("/v1/tenants/rotation/secrets/s" + n);
            if (response.statusCode() != 200 || !json(response).getString("value").equals("value-" + n)) {
              failures.add(response.statusCode() + " " + response.body());
            }
            reads.incrementAndGet();
          }
        }));
      }
      before = json(api.get("/v1/admin/root-key/status")).getString("primary_kek");
      HttpResponse<String> rotated = api.send("POST", "/v1/admin/root-key/rotate", null);
      assertThat(rotated.statusCode()).isEqualTo(202);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonObject status;
      do {
        Thread.sleep(100);
        status = json(api.get("/v1/admin/root-key/status"));
      } while (!"complete".equals(status.getJsonObject("rewrap").getString("state")) && System.nanoTime() < deadline);
      rotating.set(false);
      for (Future<?> reader : readers) {
        reader.get();
      }

      assertThat(status.getJsonObject("rewrap").getString("state")).isEqualTo("complete");
      assertThat(status.getString("primary_kek")).isNotEqualTo(before);
      assertThat(status.getJsonObject("versions_by_kek").fieldNames()).containsExactly(status.getString("primary_kek"));
    }
    assertThat(failures).isEmpty();
    assertThat(reads.get()).isGreaterThan(0);
    assertThat(json(api.get("/v1/tenants/rotation/secrets/s7")).getString("value")).isEqualTo("value-7");
  }

  @Test
  void concurrent_requests_never_stall_while_the_kek_ring_is_refreshed_under_them() throws Exception {
    for (int i = 0; i < 20; i++) {
      api.put("/v1/tenants/refresh/secrets/s" + i, secret("v" + i));
    }
    int clients = 32;
    List<Future<Long>> results = new ArrayList<>();
    long started = System.nanoTime();

    try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(threads.submit(() -> {
          long slowest = 0;
          for (int i = 0; i < 15; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = (i % 3 == 0)
                ? api.put("/v1/tenants/refresh/secrets/s" + ((client + i) % 20), secret("w" + client + "-" + i))
                : api.get("/v1/tenants/refresh/secrets/s" + ((client + i) % 20));
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            slowest = Math.max(slowest, System.nanoTime() - t0);
          }
          return slowest;
        }));
      }
    }

    for (Future<Long> result : results) {
      result.get(); // every request answered 200/201: the deadlock this guards against ran into the pool's 5 s connection timeout and failed requests
    }
    // No latency bound here: on a shared 2-core machine under a parallel build a healthy request can take seconds.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void signing_keys_keep_their_private_half_in_the_vault_so_a_restarted_node_signs_with_the_same_key() throws Exception {
    var signingKeys = cli.running().injector().getInstance(dev.portcullis.application.key.SigningKeysService.class);
    String kid = kidOf(signingKeys.sign("at+jwt", "{}"));
    var secrets = cli.running().injector().getInstance(dev.portcullis.application.secret.port.out.SecretStore.class);
    var store = cli.running().injector().getInstance(dev.portcullis.application.key.port.out.SigningKeyStore.class);
    var otherNode = new dev.portcullis.application.key.SigningKeysService(store, new dev.portcullis.adapter.crypto.JoseJwsKeys(), secrets,
        cli.running().injector().getInstance(dev.portcullis.application.shared.port.out.Envelope.class),
        cli.running().injector().getInstance(dev.portcullis.application.audit.Auditor.class), java.time.InstantSource.system(),
        new dev.portcullis.application.key.SigningKeySettings(dev.portcullis.domain.key.SigningAlgorithm.ES256, Duration.ofMinutes(10), Duration.ofHours(1)));

    String fromOtherNode = otherNode.sign("at+jwt", "{}");

    assertThat(kidOf(fromOtherNode)).isEqualTo(kid);
    assertThat(secrets.find(new dev.portcullis.domain.shared.TenantId("system"), new dev.portcullis.domain.secret.SecretName("signing-keys/" + kid))).isPresent();
    assertThat(everyDatabaseValue()).doesNotContain("\"d\":");
  }

  @Test
  void concurrent_token_requests_on_postgres_never_stall_even_when_the_private_key_must_be_loaded_from_the_vault() throws Exception {
    HttpResponse<String> registered = api.send("POST", "/oauth/register",
        "{\"grant_types\":[\"client_credentials\"],\"scope\":\"secrets:read\",\"tenant\":\"tokens\"}");
    JsonObject client = json(registered);
    String basic = java.util.Base64.getEncoder().encodeToString((client.getString("client_id") + ":" + client.getString("client_secret")).getBytes(StandardCharsets.UTF_8));
    // A second node on the same database starts cold: its first signatures must load the private key from the vault.
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port() + "/" + database.database());
    env.put("PORTCULLIS_ROOT_KEY", rootKey);
    env.put("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    Cli secondNode = new Cli(env, false);
    assertThat(secondNode.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "serve")).isZero();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI token = java.net.URI.create("http://127.0.0.1:" + secondNode.running().port() + "/oauth/token");
    List<Future<Integer>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
      for (int i = 0; i < 32; i++) {
        results.add(threads.submit(() -> http.send(java.net.http.HttpRequest.newBuilder(token).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()));
      }
    } finally {
      // results are read below; the node is closed after
    }
    try {
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(200);
      }
    } finally {
      secondNode.running().close();
    }
  }

  private static String kidOf(String token) throws Exception {
    org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
    jws.setCompactSerialization(token);
    return jws.getKeyIdHeaderValue();
  }

  /** Every row of every table in the database, as text (bytea as hex). */
  private static String everyDatabaseValue() {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(database.connectOptions()).using(vertx).build();
      StringBuilder all = new StringBuilder();
      for (Row table : pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").execute().await()) {
        for (Row row : pool.query("SELECT t::text FROM \"" + table.getString(0) + "\" t").execute().await()) {
          all.append(row.getString(0)).append('\n');
        }
      }
      pool.close().await();
      return all.toString();
    } finally {
      vertx.close().await();
    }
  }
}
