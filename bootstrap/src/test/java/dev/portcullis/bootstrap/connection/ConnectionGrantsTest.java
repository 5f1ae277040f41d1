package dev.portcullis.bootstrap.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grants without a browser, on the dev wiring: client credentials against Portcullis's own token
 * endpoint (client_secret_basic, and private_key_jwt with RS384/ES384 as SMART Backend Services servers
 * require: discovery via RFC 8414, typ JWT, kid, 5-minute exp, unique jti), and a misbehaving provider
 * (a real HTTP server that answers what each test sets) for malformed answers, outages, invalid_grant
 * and the password grant. Sentinel values must not reach a log line, an error body or a listing.
 */
class ConnectionGrantsTest {
  private static final String ADMIN = "connection-grants-test-admin-token-01234567";
  private static final String SENTINEL_SECRET = "SENTINEL-CLIENT-SECRET-7731";
  private static final String SENTINEL_PASSWORD = "SENTINEL-PASSWORD-7731";
  private static final String SENTINEL_REFRESH = "SENTINEL-REFRESH-7731";
  private static final AtomicReference<String> answer = new AtomicReference<>("ok");
  private static final List<String> forms = new CopyOnWriteArrayList<>();
  private static LogCapture logs;
  private static DevServer server;
  private static Vertx vertx;
  private static HttpServer provider;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    server = DevServer.start(ADMIN, "PORTCULLIS_CONNECT_TIMEOUT_MS", "1000");
    vertx = Vertx.vertx();
    provider = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      forms.add(body.toString());
      String json = switch (answer.get()) {
        case "ok" -> "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":1,\"refresh_token\":\"" + SENTINEL_REFRESH + "\"}";
        case "ok-no-refresh" -> "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":60}";
        case "missing-access-token" -> "{\"token_type\":\"Bearer\",\"expires_in\":60}";
        case "expires-nan" -> "{\"access_token\":\"at-x\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}";
        case "refresh-null" -> "{\"access_token\":\"at-x\",\"token_type\":\"Bearer\",\"refresh_token\":null}";
        case "invalid-grant" -> "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}";
        default -> null;
      };
      switch (answer.get()) {
        case "500" -> request.response().setStatusCode(500).putHeader("Retry-After", "3").end("{\"error\":\"server_error\"}");
        case "hang" -> { }
        case "invalid-grant" -> request.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(json);
        default -> request.response().putHeader("Content-Type", "application/json").end(json);
      }
    })).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
    logs.close();
    assertThat(logs.text()).doesNotContain(SENTINEL_SECRET).doesNotContain(SENTINEL_PASSWORD).doesNotContain(SENTINEL_REFRESH);
  }

  private static JsonObject created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> post(String path, JsonObject body) {
    return server.send("POST", path, ADMIN, body.encode());
  }

  private static JwtClaims verifiedByOurJwks(String token) throws Exception {
    JsonWebKeySet jwks = new JsonWebKeySet(server.send("GET", "/oauth/jwks", null, null).body());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    return new JwtConsumerBuilder().setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
        .setVerificationKey(new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys()).getKey()).setExpectedIssuer(server.issuer())
        .setExpectedAudience(server.issuer()).build().processToClaims(token);
  }

  @Test
  void client_credentials_with_client_secret_basic_against_our_own_token_endpoint_discovered_by_rfc8414() throws Exception {
    JsonObject client = created(post("/oauth/register", new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("scope", "secrets:read").put("tenant", "acme")));
    JsonObject registered = created(post("/v1/tenants/acme/providers", new JsonObject().put("name", "self-basic").put("issuer", server.issuer())
        .put("client_id", client.getString("client_id")).put("client_secret", client.getString("client_secret"))
        .put("grant_types", new JsonArray().add("client_credentials")).put("scopes", new JsonArray().add("secrets:read")).put("refresh_buffer_seconds", 120)));
    assertThat(registered.encode()).doesNotContain(client.getString("client_secret"));
    assertThat(registered.getInteger("refresh_buffer_seconds")).isEqualTo(120);
    assertThat(post("/v1/tenants/acme/providers", new JsonObject().put("name", "bad-buffer").put("issuer", server.issuer()).put("client_id", "x")
        .put("client_secret", "y").put("refresh_buffer_seconds", "soon")).statusCode()).isEqualTo(400);

    JsonObject connection = created(post("/v1/tenants/acme/providers/" + registered.getString("id") + "/connections",
        new JsonObject().put("grant_type", "client_credentials")));
    HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id") + "/token", ADMIN, null);

    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JwtClaims claims = verifiedByOurJwks(new JsonObject(token.body()).getString("access_token"));
    assertThat(claims.getSubject()).isEqualTo(client.getString("client_id"));
    assertThat(claims.getClaimValueAsString("scope")).isEqualTo("secrets:read");

    // the third party refused the token (revoked early): POST .../refresh gets a new one before expiry, and it is the stored one from then on
    String refused = new JsonObject(token.body()).getString("access_token");
    HttpResponse<String> forced = server.send("POST", "/v1/tenants/acme/connections/" + connection.getString("id") + "/refresh", ADMIN, null);
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
    assertThat(forced.headers().firstValue("Cache-Control")).hasValue("no-store");
    String fresh = new JsonObject(forced.body()).getString("access_token");
    assertThat(fresh).isNotEqualTo(refused);
    assertThat(new JsonObject(server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id") + "/token", ADMIN, null).body())
        .getString("access_token")).isEqualTo(fresh);
  }

  @Test
  void smart_backend_services_private_key_jwt_with_rs384_and_es384_against_our_own_token_endpoint() throws Exception {
    for (String algorithm : List.of("RS384", "ES384")) {
      JsonObject registered = created(post("/v1/tenants/acme/providers", new JsonObject().put("name", "self-" + algorithm).put("issuer", server.issuer())
          .put("client_id", "to-be-registered").put("token_endpoint_auth_method", "private_key_jwt").put("assertion_alg", algorithm)
          .put("grant_types", new JsonArray().add("client_credentials")).put("scopes", new JsonArray().add("secrets:read"))));
      JsonObject jwks = registered.getJsonObject("jwks");
      assertThat(jwks.getJsonArray("keys").getJsonObject(0).containsKey("d")).as("no private part").isFalse();
      assertThat(jwks.getJsonArray("keys").getJsonObject(0).getString("alg")).isEqualTo(algorithm);
      JsonObject client = created(post("/oauth/register", new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
          .put("token_endpoint_auth_method", "private_key_jwt").put("jwks", jwks).put("scope", "secrets:read").put("tenant", "acme")));
      HttpResponse<String> patched = server.send("PATCH", "/v1/tenants/acme/providers/" + registered.getString("id"), ADMIN,
          new JsonObject().put("client_id", client.getString("client_id")).encode());
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
      assertThat(new JsonObject(patched.body()).getJsonObject("jwks")).as("the key stays").isEqualTo(jwks);

      JsonObject connection = created(post("/v1/tenants/acme/providers/" + registered.getString("id") + "/connections",
          new JsonObject().put("grant_type", "client_credentials")));
      HttpResponse<String> first = server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id") + "/token", ADMIN, null);

      assertThat(first.statusCode()).as(algorithm + ": " + first.body()).isEqualTo(200);
      assertThat(verifiedByOurJwks(new JsonObject(first.body()).getString("access_token")).getSubject()).isEqualTo(client.getString("client_id"));
    }
  }

  @Test
  void an_extension_grant_rfc8693_token_exchange_passes_caller_parameters_and_never_lets_them_override_ours() throws Exception {
    String apiKey = created(post("/v1/tenants/acme/api-keys", new JsonObject().put("name", "exchange").put("scopes", new JsonArray().add("orders:read"))
        .put("identity", new JsonObject().put("subject", "svc-exchange")))).getString("key");
    String exchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    JsonObject registered = created(post("/v1/tenants/acme/providers", new JsonObject().put("name", "self-exchange").put("issuer", server.issuer())
        .put("client_id", "exchanger").put("token_endpoint_auth_method", "none").put("grant_types", new JsonArray().add(exchange))));
    String connections = "/v1/tenants/acme/providers/" + registered.getString("id") + "/connections";

    HttpResponse<String> overriding = post(connections, new JsonObject().put("grant_type", exchange)
        .put("parameters", new JsonObject().put("client_id", "someone-else")));
    JsonObject connection = created(post(connections, new JsonObject().put("grant_type", exchange).put("parameters", new JsonObject()
        .put("subject_token_type", "urn:portcullis:params:oauth:token-type:api_key").put("subject_token", apiKey))));
    HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id") + "/token", ADMIN, null);

    assertThat(overriding.statusCode()).isEqualTo(400);
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    assertThat(verifiedByOurJwks(new JsonObject(token.body()).getString("access_token")).getSubject()).isEqualTo("svc-exchange");
    assertThat(server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id"), ADMIN, null).body()).doesNotContain(apiKey);
  }

  @Test
  void registration_refuses_the_insecure_field_and_an_issuer_mismatch_and_a_provider_that_is_down_is_503() throws Exception {
    HttpResponse<String> plainHttp = post("/v1/tenants/acme/providers", new JsonObject().put("name", "plain").put("client_id", "c").put("client_secret", "s")
        .put("token_endpoint", "http://provider.example.com/token").put("insecure", true).put("grant_types", new JsonArray().add("client_credentials")));
    String aliasIssuer = server.issuer().replace("127.0.0.1", "localhost"); // the same server; its metadata names the other spelling
    HttpResponse<String> mismatch = post("/v1/tenants/acme/providers", new JsonObject().put("name", "alias").put("issuer", aliasIssuer)
        .put("client_id", "c").put("client_secret", "s").put("grant_types", new JsonArray().add("client_credentials")));

    assertThat(plainHttp.statusCode()).isEqualTo(400);
    assertThat(plainHttp.body()).contains("PORTCULLIS_EGRESS_ALLOW_HTTP");
    assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(400);
    assertThat(mismatch.body()).contains("names issuer");

    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String down = created(post("/v1/tenants/acme/providers", new JsonObject().put("name", "down").put("token_endpoint", "http://127.0.0.1:" + closed + "/token")
        .put("client_id", "c").put("client_secret", SENTINEL_SECRET).put("grant_types", new JsonArray().add("client_credentials"))))
        .getString("id");
    HttpResponse<String> unreachable = post("/v1/tenants/acme/providers/" + down + "/connections", new JsonObject().put("grant_type", "client_credentials"));
    assertThat(unreachable.statusCode()).isEqualTo(503);
    assertThat(unreachable.headers().firstValue("Retry-After")).isPresent();
    assertThat(unreachable.body()).doesNotContain(SENTINEL_SECRET);
  }

  /**
   * RFC 7523 §2.1 end to end: a provider (a real HTTP server here) that accepts the JWT bearer grant only with an
   * assertion it can verify — signed by the key it trusts, for its own token endpoint as audience, unexpired —
   * and answers tokens with a refresh token; the connection then lives like any other, and the assertion is
   * sent once and never stored, listed or logged.
   */
  @Test
  void rfc7523_2_1_a_jwt_bearer_extension_grant_connects_and_the_connection_refreshes_with_its_refresh_token() throws Exception {
    String grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    var issuerKey = org.jose4j.jwk.EcJwkGenerator.generateJwk(org.jose4j.keys.EllipticCurves.P256);
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer bearerProvider = vertx.createHttpServer();
    bearerProvider.requestHandler(request -> request.body().onSuccess(body -> {
      var form = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      for (String pair : body.toString().split("&")) {
        String[] kv = pair.split("=", 2);
        form.add(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
      }
      seen.add(form.get("grant_type"));
      String answer;
      int status = 200;
      if (grant.equals(form.get("grant_type"))) {
        try {
          JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(issuerKey.getPublicKey())
              .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256").setExpectedIssuer("partner-app")
              .setExpectedAudience("http://127.0.0.1:" + request.localAddress().port() + "/token").setRequireExpirationTime().build()
              .processToClaims(form.get("assertion"));
          answer = "{\"access_token\":\"bearer-at-1\",\"token_type\":\"Bearer\",\"expires_in\":1,\"refresh_token\":\"bearer-rt-1\",\"scope\":\"files\",\"sub\":\""
              + claims.getSubject() + "\"}";
        } catch (Exception invalid) {
          status = 400;
          answer = "{\"error\":\"invalid_grant\",\"error_description\":\"the assertion does not verify\"}";
        }
      } else if ("refresh_token".equals(form.get("grant_type")) && "bearer-rt-1".equals(form.get("refresh_token"))) {
        answer = "{\"access_token\":\"bearer-at-2\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
      } else {
        status = 400;
        answer = "{\"error\":\"unsupported_grant_type\"}";
      }
      request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer);
    })).listen(0, "127.0.0.1").await();
    try {
      String tokenEndpoint = "http://127.0.0.1:" + bearerProvider.actualPort() + "/token";
      String providerId = created(post("/v1/tenants/acme/providers", new JsonObject().put("name", "jwt-bearer-partner").put("token_endpoint", tokenEndpoint)
          .put("client_id", "vault").put("client_secret", SENTINEL_SECRET).put("grant_types", new JsonArray().add(grant).add("refresh_token")))).getString("id");
      JsonWebSignature forged = new JsonWebSignature();
      JwtClaims assertionClaims = new JwtClaims();
      assertionClaims.setIssuer("partner-app");
      assertionClaims.setSubject("alice@partner");
      assertionClaims.setAudience(tokenEndpoint);
      assertionClaims.setExpirationTimeMinutesInTheFuture(5);
      assertionClaims.setGeneratedJwtId();
      forged.setPayload(assertionClaims.toJson());
      forged.setAlgorithmHeaderValue("ES256");
      forged.setKey(org.jose4j.jwk.EcJwkGenerator.generateJwk(org.jose4j.keys.EllipticCurves.P256).getPrivateKey());
      String wrongKey = forged.getCompactSerialization();
      forged.setKey(issuerKey.getPrivateKey());
      String assertion = forged.getCompactSerialization();

      HttpResponse<String> refused = post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", grant)
          .put("parameters", new JsonObject().put("assertion", wrongKey)));
      JsonObject connection = created(post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", grant)
          .put("scopes", new JsonArray().add("files")).put("parameters", new JsonObject().put("assertion", assertion))));
      HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id") + "/token", ADMIN, null);

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
      assertThat(new JsonObject(refused.body()).encode()).contains("invalid_grant");
      assertThat(connection.getString("grant_type")).isEqualTo(grant);
      assertThat(connection.getString("status")).isEqualTo("active");
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      assertThat(new JsonObject(token.body()).getString("access_token")).as("the 1 s token is inside the buffer: refreshed with its refresh token")
          .isEqualTo("bearer-at-2");
      assertThat(seen).containsExactly(grant, grant, "refresh_token");
      String listing = server.send("GET", "/v1/tenants/acme/connections", ADMIN, null).body()
          + server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id"), ADMIN, null).body();
      assertThat(listing).doesNotContain(assertion).doesNotContain("bearer-rt-1");
      assertThat(logs.text()).doesNotContain(assertion).doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1));
    } finally {
      bearerProvider.close().await();
    }
  }

  private static String misbehaving(String name, String... grants) {
    JsonArray grantTypes = new JsonArray();
    for (String grant : grants) {
      grantTypes.add(grant);
    }
    return created(post("/v1/tenants/acme/providers", new JsonObject().put("name", name)
        .put("token_endpoint", "http://127.0.0.1:" + provider.actualPort() + "/token").put("client_id", "vault")
        .put("client_secret", SENTINEL_SECRET).put("token_endpoint_auth_method", "client_secret_post").put("grant_types", grantTypes))).getString("id");
  }

  @Test
  void malformed_token_answers_are_502_with_the_problem_named_and_nothing_is_stored() {
    String providerId = misbehaving("malformed", "client_credentials");
    for (String mode : List.of("missing-access-token", "expires-nan", "refresh-null")) {
      answer.set(mode);
      HttpResponse<String> refused = post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", "client_credentials"));
      assertThat(refused.statusCode()).as(mode).isEqualTo(502);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type")).isEqualTo("provider_invalid_response");
      assertThat(refused.body()).doesNotContain(SENTINEL_SECRET);
    }
    answer.set("hang");
    HttpResponse<String> slow = post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", "client_credentials"));
    assertThat(slow.statusCode()).as("a provider slower than PORTCULLIS_CONNECT_TIMEOUT_MS").isEqualTo(503);
    assertThat(slow.headers().firstValue("Retry-After")).isPresent();
    answer.set("ok");
    assertThat(server.send("GET", "/v1/tenants/acme/connections?provider=" + providerId, ADMIN, null).body()).contains("\"items\":[]");
  }

  @Test
  void the_password_grant_is_off_unless_enabled_and_an_expired_token_survives_an_outage_then_invalid_grant_means_needs_reauth() throws Exception {
    String off = misbehaving("no-password", "client_credentials");
    assertThat(post("/v1/tenants/acme/providers/" + off + "/connections", new JsonObject().put("grant_type", "password").put("username", "u")
        .put("password", SENTINEL_PASSWORD)).statusCode()).isEqualTo(400);
    String providerId = misbehaving("legacy", "password", "refresh_token");
    answer.set("ok");
    JsonObject connection = created(post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", "password")
        .put("username", "alice").put("password", SENTINEL_PASSWORD)));
    String tokenPath = "/v1/tenants/acme/connections/" + connection.getString("id") + "/token";
    assertThat(server.send("GET", "/v1/tenants/acme/connections/" + connection.getString("id"), ADMIN, null).body()).doesNotContain(SENTINEL_REFRESH)
        .doesNotContain("at-1");
    // the 1 s access token is within the 30 s refresh buffer: it is due at once, no waiting needed

    answer.set("500");
    HttpResponse<String> outage = server.send("GET", tokenPath, ADMIN, null);
    assertThat(outage.statusCode()).as(outage.body()).isEqualTo(503);
    assertThat(outage.headers().firstValue("Retry-After")).hasValue("3");
    answer.set("ok-no-refresh");
    HttpResponse<String> recovered = server.send("GET", tokenPath, ADMIN, null);
    assertThat(recovered.statusCode()).as("the stored refresh token was untouched: " + recovered.body()).isEqualTo(200);
    assertThat(new JsonObject(recovered.body()).getString("access_token")).isEqualTo("at-2");
    assertThat(forms.getLast()).contains("grant_type=refresh_token").contains("refresh_token=" + SENTINEL_REFRESH);

    answer.set("ok"); // a second connection whose 1 s token expires meets the refusal
    JsonObject second = created(post("/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", "password")
        .put("username", "alice").put("password", SENTINEL_PASSWORD)));
    // due at once as well (1 s left, 30 s buffer)
    answer.set("invalid-grant");
    HttpResponse<String> refused = server.send("GET", "/v1/tenants/acme/connections/" + second.getString("id") + "/token", ADMIN, null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type")).isEqualTo("needs_reauth");
    assertThat(new JsonObject(server.send("GET", "/v1/tenants/acme/connections/" + second.getString("id"), ADMIN, null).body()).getString("status"))
        .isEqualTo("needs_reauth");
    answer.set("ok");
  }
}
