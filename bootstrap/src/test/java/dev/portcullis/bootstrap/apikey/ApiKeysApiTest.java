package dev.portcullis.bootstrap.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys through the dev wiring: lifecycle, forward auth, token exchange, and what never leaks. */
class ApiKeysApiTest {
  private static final String ADMIN = "api-keys-api-test-admin-token-0123456789";
  private static final String BASE = "/v1/tenants/shop/api-keys";
  private static DevServer server;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    server = DevServer.start(ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
    logs.close();
  }

  static JsonObject create(String body) {
    HttpResponse<String> response = server.send("POST", BASE, ADMIN, body, "Content-Type", "application/json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  static JsonObject create() {
    return create("""
        {"name":"ci","scopes":["orders:read","secrets:read"],"identity":{"subject":"user-7","email":"dev@example.com","display_name":"Dev","tags":["team-a"]},
         "allowed_origins":["https://app.example.com"]}""");
  }

  static HttpResponse<String> verify(String key, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "X-Api-Key";
    all[1] = key;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return server.send("GET", "/v1/auth/verify", null, null, all);
  }

  static HttpResponse<String> exchange(String key) {
    String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange", StandardCharsets.UTF_8)
        + "&subject_token_type=" + URLEncoder.encode("urn:portcullis:params:oauth:token-type:api_key", StandardCharsets.UTF_8) + "&subject_token=" + key;
    return server.send("POST", "/oauth/token", null, form, "Content-Type", "application/x-www-form-urlencoded");
  }

  static JwtClaims verifiedWithJwks(String jwt) throws Exception {
    return verifiedWithJwks(jwt, "urn:portcullis:upstream");
  }

  /** @param audience the upstream's ({@code urn:portcullis:upstream} by default) for forward auth, the issuer for an exchanged token */
  static JwtClaims verifiedWithJwks(String jwt, String audience) throws Exception {
    JsonWebKeySet jwks = new JsonWebKeySet(server.send("GET", "/oauth/jwks", null, null).body());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(jwt);
    return new JwtConsumerBuilder().setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
        .setVerificationKey(new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys()).getKey())
        .setExpectedIssuer(server.issuer()).setExpectedAudience(audience).setExpectedType(true, "at+jwt").setRequireJwtId().build().processToClaims(jwt);
  }

  static void assertError(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(type);
    assertThat(error.getInteger("status")).isEqualTo(status);
    assertThat(error.getString("message")).isNotBlank();
  }

  @Test
  void the_full_key_is_shown_once_in_the_documented_format_and_never_again() {
    JsonObject created = create();
    String key = created.getString("key");

    assertThat(key).matches("pcl_[0-9a-f]{16}_[0-9a-f]{64}");
    assertThat(key).startsWith("pcl_" + created.getString("id") + "_");
    assertThat(created.getString("fingerprint")).matches("[0-9a-f]{8}");
    String secret = key.substring(key.lastIndexOf('_') + 1);
    assertThat(server.send("GET", BASE + "/" + created.getString("id"), ADMIN, null).body()).doesNotContain(secret).contains(created.getString("fingerprint"));
    assertThat(server.send("GET", BASE, ADMIN, null).body()).doesNotContain(secret).contains(created.getString("id"));
  }

  @Test
  void forward_auth_answers_200_with_a_fresh_jwt_per_request_and_identity_headers() throws Exception {
    String key = create().getString("key");

    HttpResponse<String> first = verify(key);
    HttpResponse<String> second = verify(key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Auth-Subject")).hasValue("user-7");
    assertThat(first.headers().firstValue("X-Auth-Tenant")).hasValue("shop");
    assertThat(first.headers().firstValue("X-Auth-Scopes")).hasValue("orders:read secrets:read");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    String jwt = first.headers().firstValue("Authorization").orElseThrow().substring("Bearer ".length());
    JwtClaims claims = verifiedWithJwks(jwt);
    assertThat(claims.getSubject()).isEqualTo("user-7");
    assertThat(claims.getStringClaimValue("email")).isEqualTo("dev@example.com");
    assertThat(claims.getStringClaimValue("name")).isEqualTo("Dev");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("team-a");
    assertThat(claims.getStringClaimValue("tenant")).isEqualTo("shop");
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
    assertThat(jwt).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
    String secondJwt = second.headers().firstValue("Authorization").orElseThrow();
    assertThat(secondJwt).as("minted per request, never cached").isNotEqualTo("Bearer " + jwt);
  }

  @Test
  void the_exchanged_jwt_works_on_the_api_with_the_keys_scopes_and_tenant_and_the_forwarded_one_does_not() {
    String key = create().getString("key");
    String forwarded = verify(key).headers().firstValue("Authorization").orElseThrow().substring(7);
    String exchanged = new JsonObject(exchange(key).body()).getString("access_token");

    assertThat(server.send("GET", "/v1/tenants/shop/secrets/absent", exchanged, null).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", "/v1/tenants/other/secrets/absent", exchanged, null).statusCode()).isEqualTo(403);
    assertThat(server.send("GET", "/v1/tenants/shop/secrets/absent", forwarded, null).statusCode()).as("for the upstream only").isEqualTo(401);
  }

  @Test
  void malformed_unknown_and_missing_keys_are_401_invalid_api_key() {
    String key = create().getString("key");
    String wrongSecret = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");

    for (String bad : new String[] {"nonsense", "pcl_0123_abc", wrongSecret, "pcl_0123456789abcdef_" + "0".repeat(64)}) {
      HttpResponse<String> response = verify(bad);
      assertError(response, 401, "invalid_api_key");
      assertThat(response.body()).doesNotContain(bad);
    }
    assertError(server.send("GET", "/v1/auth/verify", null, null), 401, "invalid_api_key");
  }

  @Test
  void an_origin_outside_allowed_origins_is_403_and_x_forwarded_origin_takes_precedence() {
    String key = create().getString("key");

    assertThat(verify(key, "Origin", "https://app.example.com").statusCode()).isEqualTo(200);
    assertError(verify(key, "Origin", "https://evil.example.com"), 403, "identity_not_allowed");
    assertError(verify(key, "Origin", "https://app.example.com", "X-Forwarded-Origin", "https://evil.example.com"), 403, "identity_not_allowed");
  }

  @Test
  void the_api_key_header_takes_precedence_over_a_bearer_token() {
    HttpResponse<String> token = server.send("POST", "/oauth/token", null, "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
        StandardCharsets.UTF_8) + "&subject_token_type=" + URLEncoder.encode("urn:portcullis:params:oauth:token-type:api_key", StandardCharsets.UTF_8)
        + "&subject_token=" + create().getString("key"), "Content-Type", "application/x-www-form-urlencoded");
    String bearer = new JsonObject(token.body()).getString("access_token");

    assertThat(server.send("GET", "/v1/auth/verify", bearer, null).statusCode()).as("a bearer token alone is accepted").isEqualTo(200);
    assertError(server.send("GET", "/v1/auth/verify", bearer, null, "X-Api-Key", "not-a-key"), 401, "invalid_api_key");
  }

  @Test
  void rfc8693_token_exchange_turns_an_api_key_into_a_short_lived_jwt_for_portcullis() throws Exception {
    String key = create().getString("key");
    String exchange = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange", StandardCharsets.UTF_8)
        + "&subject_token_type=" + URLEncoder.encode("urn:portcullis:params:oauth:token-type:api_key", StandardCharsets.UTF_8) + "&subject_token=";

    HttpResponse<String> ok = server.send("POST", "/oauth/token", null, exchange + key, "Content-Type", "application/x-www-form-urlencoded");
    HttpResponse<String> bad = server.send("POST", "/oauth/token", null, exchange + "pcl_nope", "Content-Type", "application/x-www-form-urlencoded");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject body = new JsonObject(ok.body());
    assertThat(body.getString("issued_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(300);
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    JwtClaims exchanged = verifiedWithJwks(body.getString("access_token"), server.issuer());
    assertThat(exchanged.getSubject()).isEqualTo("user-7");
    assertThat(exchanged.getStringClaimValue("token_use")).isEqualTo("exchanged");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void revocation_takes_effect_at_once_on_this_node() {
    JsonObject created = create();
    assertThat(verify(created.getString("key")).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = server.send("DELETE", BASE + "/" + created.getString("id"), ADMIN, null);

    assertThat(new JsonObject(revoked.body()).getBoolean("revoked")).isTrue();
    assertError(verify(created.getString("key")), 401, "invalid_api_key");
  }

  @Test
  void rotation_issues_a_working_successor_and_keeps_the_old_key_for_the_grace_period() {
    JsonObject old = create();

    HttpResponse<String> rotated = server.send("POST", BASE + "/" + old.getString("id") + "/rotate", ADMIN, null);

    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
    JsonObject successor = new JsonObject(rotated.body());
    assertThat(successor.getString("key")).isNotEqualTo(old.getString("key"));
    assertThat(verify(successor.getString("key")).statusCode()).isEqualTo(200);
    assertThat(verify(old.getString("key")).statusCode()).as("grace period").isEqualTo(200);
    JsonObject oldNow = new JsonObject(server.send("GET", BASE + "/" + old.getString("id"), ADMIN, null).body());
    assertThat(oldNow.getString("rotated_to")).isEqualTo(successor.getString("id"));
    assertThat(oldNow.getString("expires_at")).isNotNull();
    assertError(server.send("POST", BASE + "/" + old.getString("id") + "/rotate", ADMIN, null), 400, "invalid_request");
  }

  @Test
  void a_scope_change_is_seen_by_the_next_verification() {
    JsonObject created = create();
    verify(created.getString("key"));

    HttpResponse<String> patched = server.send("PATCH", BASE + "/" + created.getString("id"), ADMIN, "{\"scopes\":[\"orders:read\"]}",
        "Content-Type", "application/json");

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(verify(created.getString("key")).headers().firstValue("X-Auth-Scopes")).hasValue("orders:read");
    assertError(server.send("PATCH", BASE + "/" + created.getString("id"), ADMIN, "{\"identity\":{\"subject\":\"x\"}}", "Content-Type", "application/json"),
        400, "invalid_request");
  }

  @Test
  void invalid_requests_are_400_with_the_rule() {
    assertError(server.send("POST", BASE, ADMIN, "{\"name\":\"x\"}", "Content-Type", "application/json"), 400, "invalid_request");
    assertError(server.send("POST", BASE, ADMIN, "{\"name\":\"x\",\"identity\":{\"subject\":\"u\"},\"expires_at\":\"2020-01-01T00:00:00Z\"}",
        "Content-Type", "application/json"), 400, "invalid_request");
    assertError(server.send("POST", BASE, ADMIN, "{\"name\":\"x\",\"identity\":{\"subject\":\"u\"},\"allowed_origins\":[\"javascript:x\"]}",
        "Content-Type", "application/json"), 400, "invalid_request");
    HttpResponse<String> unknown = server.send("POST", BASE, ADMIN, "{\"name\":\"x\",\"identity\":{\"subject\":\"u\",\"groups\":[\"a\"]},\"rate_limit\":5}",
        "Content-Type", "application/json");
    assertError(unknown, 400, "invalid_request");
    assertThat(unknown.body()).as("no silent data loss: the dropped field is named").contains("rate_limit");
    assertError(server.send("POST", BASE, ADMIN, "{\"name\":\"x\",\"identity\":{\"subject\":\"u\",\"groups\":[\"a\"]}}", "Content-Type",
        "application/json"), 400, "invalid_request");
    assertError(server.send("GET", BASE + "?limit=500", ADMIN, null), 400, "invalid_request");
    assertError(server.send("GET", BASE + "/0123456789abcdef", ADMIN, null), 404, "api_key_not_found");
    assertError(server.send("GET", BASE + "/not-an-id", ADMIN, null), 404, "api_key_not_found");
  }

  @Test
  void management_needs_admin_or_the_tenants_api_keys_scope() {
    JsonObject client = new JsonObject(server.send("POST", "/oauth/register", ADMIN, new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("scope", "api-keys:write").put("tenant", "shop").encode()).body());
    String basic = java.util.Base64.getEncoder().encodeToString((client.getString("client_id") + ":" + client.getString("client_secret")).getBytes(StandardCharsets.UTF_8));
    String token = new JsonObject(server.send("POST", "/oauth/token", null, "grant_type=client_credentials", "Content-Type", "application/x-www-form-urlencoded",
        "Authorization", "Basic " + basic).body()).getString("access_token");
    String body = "{\"name\":\"svc\",\"identity\":{\"subject\":\"svc\"}}";

    assertThat(server.send("POST", BASE, token, body, "Content-Type", "application/json").statusCode()).isEqualTo(201);
    assertError(server.send("POST", "/v1/tenants/other/api-keys", token, body, "Content-Type", "application/json"), 403, "forbidden");
    assertThat(server.send("POST", BASE, null, body, "Content-Type", "application/json").statusCode()).isEqualTo(401);
  }

  @Test
  void no_key_or_secret_appears_in_any_log_line() {
    JsonObject created = create();
    String key = created.getString("key");
    verify(key);
    verify(key + "x");
    server.send("DELETE", BASE + "/" + created.getString("id"), ADMIN, null);
    verify(key);

    assertThat(logs.text()).doesNotContain(key).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
  }
}
