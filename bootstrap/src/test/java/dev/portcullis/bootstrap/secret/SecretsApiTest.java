package dev.portcullis.bootstrap.secret;

import static dev.portcullis.bootstrap.secret.Api.errorType;
import static dev.portcullis.bootstrap.secret.Api.json;
import static dev.portcullis.bootstrap.secret.Api.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.Portcullis;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.bootstrap.config.Mode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secrets HTTP API on the dev wiring (in-memory adapters, real Tink envelope). */
class SecretsApiTest {
  private static final String TOKEN = "secrets-api-test-admin-token-0123456789";
  private static Portcullis.Running running;
  private static Api api;
  private static int counter;

  @BeforeAll
  static void start() {
    running = Portcullis.start(ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_HTTP_PORT", "0", "PORTCULLIS_ADMIN_TOKEN", TOKEN,
        "PORTCULLIS_SECRET_MAX_BYTES", "1024"), null));
    api = new Api(running.port(), TOKEN);
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static synchronized String tenant() {
    return "t" + (++counter);
  }

  @Test
  void put_creates_with_201_then_adds_versions_with_200_and_never_returns_the_value() {
    String base = "/v1/tenants/" + tenant() + "/secrets/db%2Fpassword";

    HttpResponse<String> created = api.put(base, secret("s3cr3t-one").put("description", "prod db").put("tags", new JsonArray().add("prod")));
    HttpResponse<String> next = api.put(base, secret("s3cr3t-two"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(created.body()).doesNotContain("s3cr3t-one");
    assertThat(json(created).getString("name")).isEqualTo("db/password");
    assertThat(json(created).getJsonObject("metadata").getString("description")).isEqualTo("prod db");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(json(next).getInteger("version")).isEqualTo(2);
    assertThat(next.body()).doesNotContain("s3cr3t-two");
  }

  @Test
  void get_returns_the_latest_or_a_given_version_with_its_value() {
    String base = "/v1/tenants/" + tenant() + "/secrets/api-key";
    api.put(base, secret("first"));
    api.put(base, secret("second"));

    JsonObject latest = json(api.get(base));
    JsonObject first = json(api.get(base + "?version=1"));

    assertThat(latest.getString("value")).isEqualTo("second");
    assertThat(latest.getInteger("version")).isEqualTo(2);
    assertThat(latest.fieldNames()).contains("id", "name", "value", "version", "metadata", "created_at", "updated_at");
    assertThat(first.getString("value")).isEqualTo("first");
    assertThat(first.getInteger("version")).isEqualTo(1);
    assertThat(api.get(base + "?version=3").statusCode()).isEqualTo(404);
    assertThat(errorType(api.get(base + "?version=zero"))).isEqualTo("invalid_request");
  }

  @Test
  void if_match_with_a_stale_version_is_409_and_the_current_version_is_reported() {
    String base = "/v1/tenants/" + tenant() + "/secrets/k";
    api.put(base, secret("a"));
    api.put(base, secret("b"));

    HttpResponse<String> stale = api.put(base, secret("c"), "If-Match", "\"1\"");
    HttpResponse<String> current = api.put(base, secret("c"), "If-Match", "\"2\"");
    HttpResponse<String> garbage = api.put(base, secret("c"), "If-Match", "yesterday");

    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(errorType(stale)).isEqualTo("version_conflict");
    assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(garbage.statusCode()).isEqualTo(400);
  }

  @Test
  void a_value_over_the_configured_limit_is_413_value_too_large() {
    HttpResponse<String> response = api.put("/v1/tenants/" + tenant() + "/secrets/big", secret("x".repeat(1025)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(errorType(response)).isEqualTo("value_too_large");
  }

  @Test
  void invalid_names_tenants_and_bodies_are_400_saying_what_is_allowed() {
    String tenant = tenant();

    assertThat(json(api.put("/v1/tenants/" + tenant + "/secrets/a..b", secret("x"))).getJsonObject("error").getString("message")).contains("1-256 characters");
    assertThat(json(api.put("/v1/tenants/Upper/secrets/a", secret("x"))).getJsonObject("error").getString("message")).contains("a-z, 0-9");
    assertThat(errorType(api.send("PUT", "/v1/tenants/" + tenant + "/secrets/a", "[1,2]"))).isEqualTo("invalid_request");
    assertThat(errorType(api.send("PUT", "/v1/tenants/" + tenant + "/secrets/a", "{\"value\": 42}"))).isEqualTo("invalid_request");
    assertThat(errorType(api.put("/v1/tenants/" + tenant + "/secrets/a", secret("x").put("tags", "not-a-list")))).isEqualTo("invalid_request");
    assertThat(errorType(api.put("/v1/tenants/" + tenant + "/secrets/a", secret("")))).isEqualTo("invalid_request");
    assertThat(json(api.put("/v1/tenants/system/secrets/a", secret("x"))).getJsonObject("error").getString("message")).contains("reserved");
  }

  @Test
  void no_silent_data_loss_a_field_the_api_does_not_know_is_400_naming_it_and_nothing_is_stored() {
    String base = "/v1/tenants/" + tenant() + "/secrets/db%2Fpassword";

    HttpResponse<String> save = api.put(base, secret("s3cr3t").put("metadata", new JsonObject().put("owner", "team-a")).put("ttl", 3600));
    api.put(base, secret("s3cr3t"));
    HttpResponse<String> patch = api.send("PATCH", base, "{\"descripton\": \"typo\"}");

    assertThat(save.statusCode()).isEqualTo(400);
    assertThat(json(save).getJsonObject("error").getString("message")).contains("unknown fields metadata, ttl").doesNotContain("s3cr3t");
    assertThat(patch.statusCode()).isEqualTo(400);
    assertThat(json(patch).getJsonObject("error").getString("message")).contains("descripton");
    assertThat(json(api.get(base)).getInteger("version")).as("only the valid save was stored").isEqualTo(1);
  }

  @Test
  void text_with_an_unpaired_surrogate_is_400_naming_the_field_without_echoing_it_and_nothing_is_stored() {
    String tenant = tenant();
    String base = "/v1/tenants/" + tenant + "/secrets/";
    String[] broken = {"sentinel-\\ud800-text", "sentinel-\\udc00", "sentinel-\\udc00\\ud800", "\\ud83dsentinel"};

    for (String field : new String[] {"value", "description", "created_by"}) {
      for (String text : broken) {
        String body = field.equals("value") ? "{\"value\":\"" + text + "\"}" : "{\"value\":\"fine\",\"" + field + "\":\"" + text + "\"}";

        HttpResponse<String> response = api.send("PUT", base + "k-" + field.replace('_', '-'), body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(errorType(response)).as(body).isEqualTo("invalid_request");
        assertThat(json(response).getJsonObject("error").getString("message")).as(body).startsWith(field + " ").contains("surrogate");
        assertThat(response.body()).as(body).doesNotContain("sentinel");
      }
      assertThat(api.get(base + "k-" + field.replace('_', '-')).statusCode()).as("nothing stored for " + field).isEqualTo(404);
    }

    HttpResponse<String> rawBytes = api.sendBytes("PUT", base + "raw", concat("{\"value\":\"sentinel-".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(rawBytes.statusCode()).as("a UTF-8 encoded surrogate").isEqualTo(400);
    assertThat(rawBytes.body()).doesNotContain("sentinel");
    assertThat(api.get(base + "raw").statusCode()).isEqualTo(404);

    api.put(base + "patched", secret("v").put("description", "before"));
    HttpResponse<String> patch = api.send("PATCH", base + "patched", "{\"description\":\"sentinel-\\ud800\"}");
    assertThat(patch.statusCode()).isEqualTo(400);
    assertThat(json(patch).getJsonObject("error").getString("message")).startsWith("description ");
    assertThat(json(api.get(base + "patched")).getJsonObject("metadata").getString("description")).isEqualTo("before");

    assertThat(errorType(api.put(base + "%ED%A0%80", secret("v")))).as("a name that decodes to no valid text").isEqualTo("invalid_request");
    assertThat(errorType(api.send("PUT", base + "t", "{\"value\":\"v\",\"tags\":[\"\\ud800\"]}"))).isEqualTo("invalid_request");

    String emoji = "pair-\ud83d\ude00-ok";
    assertThat(api.put(base + "emoji", secret(emoji).put("description", emoji).put("created_by", emoji)).statusCode()).isEqualTo(201);
    JsonObject stored = json(api.get(base + "emoji"));
    assertThat(stored.getString("value")).isEqualTo(emoji);
    assertThat(stored.getJsonObject("metadata").getString("description")).isEqualTo(emoji);
    assertThat(stored.getJsonObject("metadata").getString("created_by")).isEqualTo(emoji);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void soft_delete_hides_restore_brings_back_and_purge_removes() {
    String base = "/v1/tenants/" + tenant() + "/secrets/k";
    api.put(base, secret("a"));

    assertThat(api.send("DELETE", base, null).statusCode()).isEqualTo(204);
    assertThat(api.get(base).statusCode()).isEqualTo(404);
    assertThat(errorType(api.put(base, secret("b")))).isEqualTo("secret_deleted");
    assertThat(api.send("POST", base + "/restore", null).statusCode()).isEqualTo(200);
    assertThat(json(api.get(base)).getString("value")).isEqualTo("a");
    assertThat(api.send("DELETE", base + "?purge=true", null).statusCode()).isEqualTo(204);
    assertThat(api.send("POST", base + "/restore", null).statusCode()).isEqualTo(404);
    assertThat(api.put(base, secret("fresh")).statusCode()).isEqualTo(201);
  }

  @Test
  void head_tells_whether_a_secret_exists_without_reading_its_value() {
    String tenant = tenant();
    String base = "/v1/tenants/" + tenant + "/secrets/";
    api.put(base + "here", secret("a"));

    assertThat(api.send("HEAD", base + "here", null).statusCode()).isEqualTo(200);
    assertThat(api.send("HEAD", base + "absent", null).statusCode()).isEqualTo(404);
    JsonArray reads = json(api.get("/v1/tenants/" + tenant + "/audit?action=secret.read")).getJsonArray("data");
    assertThat(reads).hasSize(2).allSatisfy(read -> assertThat(((JsonObject) read).getString("target"))
        .as("audited as a metadata read: the existence check is not the GET that reveals the value").endsWith("(metadata)"));
  }

  @Test
  void patch_updates_metadata_only() {
    String base = "/v1/tenants/" + tenant() + "/secrets/k";
    api.put(base, secret("a").put("description", "old"));

    HttpResponse<String> patched = api.send("PATCH", base, new JsonObject().put("tags", new JsonArray().add("x")).encode());
    HttpResponse<String> withValue = api.send("PATCH", base, new JsonObject().put("value", "sneaky").encode());

    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(json(patched).getJsonObject("metadata").getString("description")).isEqualTo("old");
    assertThat(json(patched).getJsonObject("metadata").getJsonArray("tags")).containsExactly("x");
    assertThat(json(patched).getInteger("version")).isEqualTo(1);
    assertThat(withValue.statusCode()).isEqualTo(400);
  }

  @Test
  void listing_searches_by_prefix_substring_and_tag_and_paginates_without_values() {
    String tenant = tenant();
    for (int i = 1; i <= 5; i++) {
      api.put("/v1/tenants/" + tenant + "/secrets/svc%2Fkey-" + i, secret("value-" + i).put("tags", new JsonArray().add(i <= 2 ? "hot" : "cold")));
    }

    JsonObject page2 = json(api.get("/v1/tenants/" + tenant + "/secrets?prefix=svc/&page=2&per_page=2"));
    JsonObject hot = json(api.get("/v1/tenants/" + tenant + "/secrets?tag=hot"));
    JsonObject search = json(api.get("/v1/tenants/" + tenant + "/secrets?search=KEY-5"));
    HttpResponse<String> tooMany = api.get("/v1/tenants/" + tenant + "/secrets?per_page=101");

    assertThat(page2.getJsonObject("pagination")).isEqualTo(new JsonObject().put("page", 2).put("per_page", 2).put("total", 5).put("total_pages", 3));
    assertThat(page2.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("name"))).containsExactly("svc/key-3", "svc/key-4");
    assertThat(hot.getJsonArray("data")).hasSize(2);
    assertThat(search.getJsonArray("data")).hasSize(1);
    assertThat(page2.encode() + hot.encode()).doesNotContain("value-");
    assertThat(tooMany.statusCode()).isEqualTo(400);
  }

  @Test
  void a_page_number_past_the_end_is_an_empty_page_even_at_the_largest_int_and_beyond_it_a_400() {
    String tenant = tenant();
    api.put("/v1/tenants/" + tenant + "/secrets/k", secret("a"));

    for (String listing : new String[] {"/secrets", "/audit"}) {
      for (String page : new String[] {"2147483647", "1073741825", "21474837"}) {
        HttpResponse<String> response = api.get("/v1/tenants/" + tenant + listing + "?page=" + page + "&per_page=100");

        assertThat(response.statusCode()).as(listing + "?page=" + page).isEqualTo(200);
        assertThat(json(response).getJsonArray("data")).as(listing + "?page=" + page).isEmpty();
        assertThat(json(response).getJsonObject("pagination").getLong("page")).isEqualTo(Long.parseLong(page));
        assertThat(json(response).getJsonObject("pagination").getLong("total")).isPositive();
      }
      HttpResponse<String> beyondInt = api.get("/v1/tenants/" + tenant + listing + "?page=2147483648");
      assertThat(beyondInt.statusCode()).isEqualTo(400);
      assertThat(errorType(beyondInt)).isEqualTo("invalid_request");
      assertThat(json(beyondInt).getJsonObject("error").getString("message")).contains("page");
    }
  }

  @Test
  void versions_are_listed_with_their_authors() {
    String base = "/v1/tenants/" + tenant() + "/secrets/k";
    api.put(base, secret("a").put("created_by", "ci-pipeline"));
    api.put(base, secret("b"));

    JsonArray versions = json(api.get(base + "/versions")).getJsonArray("data");

    assertThat(versions).hasSize(2);
    assertThat(versions.getJsonObject(0).getString("created_by")).isEqualTo("ci-pipeline");
    assertThat(versions.getJsonObject(1).getString("created_by")).isEqualTo("admin");
  }

  @Test
  void by_id_every_operation_on_one_secret_works_with_the_id_a_save_returns() {
    String tenant = tenant();
    HttpResponse<String> created = api.put("/v1/tenants/" + tenant + "/secrets/db%2Fpassword", secret("v1"));
    String byId = "/v1/tenants/" + tenant + "/secrets-by-id/" + json(created).getString("id");

    HttpResponse<String> read = api.get(byId);
    HttpResponse<String> stale = api.put(byId, secret("v2"), "If-Match", "\"7\"");
    HttpResponse<String> written = api.put(byId, secret("v2"), "If-Match", "\"1\"");
    HttpResponse<String> patched = api.send("PATCH", byId, new JsonObject().put("description", "by id").encode());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).getString("name")).isEqualTo("db/password");
    assertThat(json(read).getString("value")).isEqualTo("v1");
    assertThat(stale.statusCode()).as("compare-and-set as by name").isEqualTo(409);
    assertThat(written.statusCode()).isEqualTo(200);
    assertThat(json(api.get(byId + "?version=2")).getString("value")).isEqualTo("v2");
    assertThat(json(patched).getJsonObject("metadata").getString("description")).isEqualTo("by id");
    assertThat(json(api.get(byId + "/versions")).getJsonArray("data")).hasSize(2);
    assertThat(api.send("HEAD", byId, null).headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(api.send("DELETE", byId, null).statusCode()).isEqualTo(204);
    assertThat(api.get(byId).statusCode()).isEqualTo(404);
    assertThat(api.send("POST", byId + "/restore", null).statusCode()).isEqualTo(200);
    assertThat(json(api.get("/v1/tenants/" + tenant + "/secrets/db%2Fpassword")).getString("value")).as("the same secret by name").isEqualTo("v2");
    assertThat(api.send("DELETE", byId + "?purge=true", null).statusCode()).isEqualTo(204);
    api.put("/v1/tenants/" + tenant + "/secrets/db%2Fpassword", secret("a new secret under the old name"));
    assertThat(api.get(byId).statusCode()).as("a purged id never reaches the secret that reuses its name").isEqualTo(404);
  }

  @Test
  void by_id_another_tenants_path_a_malformed_id_and_no_token_are_refused() {
    String tenant = tenant();
    String id = json(api.put("/v1/tenants/" + tenant + "/secrets/k", secret("mine"))).getString("id");

    HttpResponse<String> elsewhere = api.get("/v1/tenants/" + tenant() + "/secrets-by-id/" + id);
    HttpResponse<String> malformed = api.get("/v1/tenants/" + tenant + "/secrets-by-id/k");
    HttpResponse<String> anonymous = new Api(running.port(), null).get("/v1/tenants/" + tenant + "/secrets-by-id/" + id);

    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(elsewhere.body()).doesNotContain("mine");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("UUID");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("mine");
  }

  @Test
  void audit_prune_is_a_dry_run_unless_told_and_refuses_bad_ages_unknown_fields_and_anonymous_callers() {
    api.put("/v1/tenants/" + tenant() + "/secrets/k", secret("a"));

    HttpResponse<String> dry = api.send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", 30).encode());
    HttpResponse<String> applied = api.send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", 30).put("dry_run", false).encode());
    HttpResponse<String> zero = api.send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", 29).encode());
    HttpResponse<String> text = api.send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", "30").encode());
    HttpResponse<String> unknown = api.send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", 30).put("tenant", "acme").encode());
    HttpResponse<String> anonymous = new Api(running.port(), null).send("POST", "/v1/admin/audit/prune", new JsonObject().put("older_than_days", 30).encode());

    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(json(dry).getBoolean("dry_run")).isTrue();
    assertThat(json(dry).getLong("records")).as("nothing is 30 days old on a fresh server").isZero();
    assertThat(json(applied).getBoolean("dry_run")).isFalse();
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(errorType(zero)).isEqualTo("invalid_request");
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("tenant");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void every_secret_route_needs_a_bearer_token() {
    Api anonymous = new Api(running.port(), null);

    HttpResponse<String> response = anonymous.get("/v1/tenants/acme/secrets/k");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void the_audit_log_records_reads_writes_and_failures_and_its_chain_verifies() {
    String tenant = tenant();
    api.put("/v1/tenants/" + tenant + "/secrets/k", secret("audited-value"), "X-Request-Id", "audit-req-1");
    api.get("/v1/tenants/" + tenant + "/secrets/k");
    api.get("/v1/tenants/" + tenant + "/secrets/missing");

    JsonObject page = json(api.get("/v1/tenants/" + tenant + "/audit"));
    JsonObject reads = json(api.get("/v1/tenants/" + tenant + "/audit?action=secret.read"));
    JsonObject verify = json(api.get("/v1/tenants/" + tenant + "/audit/verify"));

    assertThat(page.getJsonObject("pagination").getLong("total")).isEqualTo(3);
    JsonObject write = page.getJsonArray("data").getJsonObject(2);
    assertThat(write.getString("action")).isEqualTo("secret.write");
    assertThat(write.getString("outcome")).isEqualTo("success");
    assertThat(write.getString("request_id")).isEqualTo("audit-req-1");
    assertThat(write.getString("actor")).isEqualTo("admin");
    assertThat(write.getString("client_address")).isEqualTo("127.0.0.1");
    assertThat(reads.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("outcome"))).containsExactly("not_found", "success");
    assertThat(page.encode()).doesNotContain("audited-value");
    assertThat(verify).isEqualTo(new JsonObject().put("valid", true).put("checked", 3));
    assertThat(api.get("/v1/tenants/" + tenant + "/audit?action=nonsense").statusCode()).isEqualTo(400);
    assertThat(api.get("/v1/tenants/" + tenant + "/audit?from=yesterday").statusCode()).isEqualTo(400);
  }
}
