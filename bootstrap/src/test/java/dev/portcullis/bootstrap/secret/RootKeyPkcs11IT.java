package dev.portcullis.bootstrap.secret;

import static dev.portcullis.bootstrap.secret.Api.json;
import static dev.portcullis.bootstrap.secret.Api.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.Cli;
import dev.portcullis.bootstrap.LogCapture;
import dev.portcullis.testsupport.SoftHsm;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The root key moved online from the environment into a real PKCS#11 token (SoftHSM2) and back, with
 * the existing root-key rotation, through the serve wiring on Postgres: every secret stays readable at
 * every step, the status shows the migration's progress, readiness and /metrics name the provider, and
 * a token that goes offline is a 503 for what needs it (never a 500), while secrets keep being served.
 */
class RootKeyPkcs11IT {
  private static final String TOKEN = "root-key-pkcs11-it-admin-token-77a1c9";
  private static final String ENV_KEY = RootKeys.generate().revealUtf8();
  private static final String BASE = "/v1/tenants/hsm/secrets/";
  private static SoftHsm hsm;
  private static TestPostgres database;
  private static LogCapture logs;

  @BeforeAll
  static void token() throws Exception {
    logs = new LogCapture();
    hsm = SoftHsm.newToken();
    database = TestPostgres.get().freshDatabase("root_key_hsm");
  }

  @AfterAll
  static void close() {
    logs.close();
  }

  private static Map<String, String> env(String provider, boolean withEnvKey, boolean withToken) {
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "0");
    env.put("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port() + "/" + database.database());
    env.put("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    env.put("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "0");
    env.put("PORTCULLIS_ROOT_KEY_PROVIDER", provider);
    if (withEnvKey) {
      env.put("PORTCULLIS_ROOT_KEY", ENV_KEY);
    }
    if (withToken) {
      env.put("PORTCULLIS_PKCS11_LIBRARY", SoftHsm.library().toString());
      env.put("PORTCULLIS_PKCS11_TOKEN_LABEL", hsm.tokenLabel());
      env.put("PORTCULLIS_PKCS11_KEY_LABEL", "portcullis-root");
      env.put("PORTCULLIS_PKCS11_PIN_FILE", hsm.pinFile().toString());
      env.put("PORTCULLIS_PKCS11_TIMEOUT_MS", "1000");
    }
    return env;
  }

  private static Cli serve(Map<String, String> env) {
    Cli cli = new Cli(env, false);
    StringWriter err = new StringWriter();
    assertThat(cli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve")).as(err.toString()).isZero();
    return cli;
  }

  private static JsonObject rotateAndWait(Api api) throws InterruptedException {
    assertThat(api.send("POST", "/v1/admin/root-key/rotate", null).statusCode()).isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonObject status;
    do {
      Thread.sleep(100);
      status = json(api.get("/v1/admin/root-key/status"));
    } while (!status.getJsonObject("rewrap").getString("state").equals("complete") && System.nanoTime() < deadline);
    return status;
  }

  @Test
  void environment_to_hsm_and_back_online_with_every_secret_readable_then_an_hsm_outage_is_a_503() throws Exception {
    StringWriter keygen = new StringWriter();
    assertThat(new Cli(env("pkcs11", false, true), false).execute(new PrintWriter(keygen), new PrintWriter(new StringWriter()), "root-key", "pkcs11-keygen"))
        .isZero();
    assertThat(keygen.toString()).contains("created pkcs11").contains("key 'portcullis-root'").doesNotContain(SoftHsm.pin());

    // 1. the environment key alone
    Cli first = serve(env("environment", true, false));
    Api api = new Api(first.running().port(), TOKEN);
    assertThat(api.put(BASE + "before", secret("written-under-the-environment-key")).statusCode()).isEqualTo(201);
    first.running().close();

    // 2. the token wraps, the environment key still unwraps: migrating until a rotation
    Cli second = serve(env("pkcs11", true, true));
    api = new Api(second.running().port(), TOKEN);
    JsonObject migrating = json(api.get("/v1/admin/root-key/status")).getJsonObject("root_key");
    assertThat(migrating.getString("provider")).isEqualTo("pkcs11");
    assertThat(migrating.getString("state")).isEqualTo("migrating");
    assertThat(migrating.getJsonObject("keks_by_provider").getMap()).containsOnlyKeys("environment");
    assertThat(json(api.get(BASE + "before")).getString("value")).isEqualTo("written-under-the-environment-key");
    JsonObject rotated = rotateAndWait(api);
    assertThat(rotated.getJsonObject("root_key").getString("state")).isEqualTo("complete");
    assertThat(rotated.getJsonObject("root_key").getJsonObject("keks_by_provider").getMap()).containsOnlyKeys("pkcs11");
    assertThat(api.put(BASE + "during", secret("written-under-the-hsm")).statusCode()).isEqualTo(201);
    JsonObject ready = json(api.get("/health/ready"));
    assertThat(ready.getJsonArray("checks").stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("root_key")).findFirst()
        .orElseThrow().getString("status")).isEqualTo("up");
    String metrics = api.get("/metrics").body();
    assertThat(metrics).contains("portcullis_root_key_provider{provider=\"pkcs11\"} 1.0").contains("portcullis_root_key_keks{provider=\"pkcs11\"} 2.0")
        .contains("portcullis_root_key_keks{provider=\"environment\"} 0.0");
    HttpResponse<String> audit = api.get("/v1/tenants/system/audit?action=root.key.rotate");
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body()).contains("root.key.rotate");
    second.running().close();

    // 3. the token alone: the environment key is no longer needed
    Cli third = serve(env("pkcs11", false, true));
    api = new Api(third.running().port(), TOKEN);
    assertThat(json(api.get(BASE + "before")).getString("value")).isEqualTo("written-under-the-environment-key");
    assertThat(json(api.get(BASE + "during")).getString("value")).isEqualTo("written-under-the-hsm");
    third.running().close();

    // 4. and back: the environment key wraps again after a rotation
    Cli fourth = serve(env("environment", true, true));
    api = new Api(fourth.running().port(), TOKEN);
    assertThat(json(api.get("/v1/admin/root-key/status")).getJsonObject("root_key").getString("state")).isEqualTo("migrating");
    assertThat(rotateAndWait(api).getJsonObject("root_key").getJsonObject("keks_by_provider").getMap()).containsOnlyKeys("environment");
    fourth.running().close();
    Cli fifth = serve(env("environment", true, false));
    api = new Api(fifth.running().port(), TOKEN);
    assertThat(json(api.get(BASE + "during")).getString("value")).isEqualTo("written-under-the-hsm");
    fifth.running().close();

    // 5. the token goes offline under a node that wraps with it: 503 for a rotation, secrets still served from the KEKs it holds
    Cli sixth = serve(env("pkcs11", true, true));
    api = new Api(sixth.running().port(), TOKEN);
    rotateAndWait(api);
    hsm.makeUnavailable();
    try {
      long start = System.nanoTime();
      HttpResponse<String> rotate = api.send("POST", "/v1/admin/root-key/rotate", null);
      assertThat(rotate.statusCode()).as(rotate.body()).isEqualTo(503);
      assertThat(rotate.headers().firstValue("Retry-After")).isPresent();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within the token's deadline, well inside the request's").isLessThan(Duration.ofSeconds(8));
      assertThat(rotate.body()).doesNotContain(SoftHsm.pin()).doesNotContain("\tat ");
      assertThat(json(api.get(BASE + "before")).getString("value")).isEqualTo("written-under-the-environment-key");
      HttpResponse<String> degraded = api.get("/health/ready");
      JsonObject check = new JsonObject(degraded.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("name").equals("root_key")).findFirst().orElseThrow();
      assertThat(check.getString("status")).isEqualTo("down");
    } finally {
      sixth.running().close();
      hsm.restore(); // SoftHSM does not recover in-process: this test is the last to use the token in this JVM
    }
    assertThat(logs.text()).doesNotContain(SoftHsm.pin()).doesNotContain(ENV_KEY);
  }
}
