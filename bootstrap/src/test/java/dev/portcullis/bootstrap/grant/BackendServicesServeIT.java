package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMART Backend Services end to end on the serve wiring (Postgres, Redis), two nodes sharing one
 * database and Redis: RS384 and ES384 clients get tokens from one node, the tokens verify against the
 * served JWKS with jose4j alone, read a secret on the other node, and a revocation on one node makes
 * the same read fail on both.
 */
class BackendServicesServeIT {
  private static final String ADMIN = "backend-services-serve-it-admin-token-01234";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String SENTINEL = "SENTINEL-" + UUID.randomUUID();
  private static LogCapture logs;
  private static DevServer.Pair nodes;
  private static DevServer nodeA;
  private static DevServer nodeB;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    nodes = DevServer.twoNodes(ADMIN, "backend_services");
    nodeA = nodes.a();
    nodeB = nodes.b();
    HttpResponse<String> put = nodeA.send("PUT", "/v1/tenants/clinic/secrets/fhir-password", ADMIN, new JsonObject().put("value", SENTINEL).encode(),
        "Content-Type", "application/json");
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
  }

  @AfterAll
  static void stop() {
    nodes.close();
    logs.close();
  }

  record Client(String id, PublicJsonWebKey key, String alg) {
    String assertion(String audience) throws Exception {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(id);
      claims.setSubject(id);
      claims.setAudience(audience);
      claims.setExpirationTimeMinutesInTheFuture(4);
      claims.setJwtId(UUID.randomUUID().toString());
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(key.getKeyId());
      jws.setAlgorithmHeaderValue(alg);
      return jws.getCompactSerialization();
    }

    String authentication(DevServer server) throws Exception {
      return "client_assertion_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8) + "&client_assertion=" + assertion(server.issuer() + "/oauth/token");
    }
  }

  private static Client register(PublicJsonWebKey key, String alg) {
    key.setKeyId(alg + "-" + UUID.randomUUID());
    JsonObject metadata = new JsonObject().put("client_name", "backend " + alg).put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "private_key_jwt").put("scope", "secrets:read").put("tenant", "clinic")
        .put("jwks", new JsonObject().put("keys", new JsonArray().add(new JsonObject(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))));
    HttpResponse<String> registered = nodeA.send("POST", "/oauth/register", ADMIN, metadata.encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new Client(new JsonObject(registered.body()).getString("client_id"), key, alg);
  }

  private static HttpResponse<String> form(DevServer server, String path, String body) {
    return server.send("POST", path, null, body, "Content-Type", "application/x-www-form-urlencoded");
  }

  private static String token(Client client) throws Exception {
    HttpResponse<String> response = form(nodeA, "/oauth/token", "grant_type=client_credentials&scope=secrets%3Aread&" + client.authentication(nodeA));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("refresh_token");
    return new JsonObject(response.body()).getString("access_token");
  }

  private static JwtClaims verifyWithServedJwks(String token) throws Exception {
    JsonWebKeySet served = new JsonWebKeySet(nodeB.send("GET", "/oauth/jwks", null, null).body());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    JsonWebKey key = new VerificationJwkSelector().select(jws, served.getJsonWebKeys());
    JwtConsumer consumer = new JwtConsumerBuilder()
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
        .setVerificationKey(key.getKey()).setExpectedIssuer(nodeA.issuer()).setExpectedAudience(nodeA.issuer())
        .setRequireExpirationTime().setRequireIssuedAt().setRequireJwtId().setExpectedType(true, "at+jwt").build();
    return consumer.processToClaims(token);
  }

  private static HttpResponse<String> read(DevServer node, String token) {
    return node.send("GET", "/v1/tenants/clinic/secrets/fhir-password", token, null);
  }

  @Test
  void rs384_and_es384_clients_get_tokens_that_verify_against_the_jwks_read_a_secret_and_stop_working_once_revoked() throws Exception {
    Client es384 = register(EcJwkGenerator.generateJwk(EllipticCurves.P384), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    Client rs384 = register(RsaJwkGenerator.generateJwk(2048), AlgorithmIdentifiers.RSA_USING_SHA384);

    for (Client client : new Client[] {es384, rs384}) {
      String token = token(client);
      JwtClaims claims = verifyWithServedJwks(token);
      assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(client.id());
      assertThat(claims.getClaimValueAsString("tenant")).isEqualTo("clinic");
      assertThat(claims.getClaimValueAsString("scope")).isEqualTo("secrets:read");
      assertThat(token).doesNotContain(SENTINEL);

      HttpResponse<String> onA = read(nodeA, token);
      HttpResponse<String> onB = read(nodeB, token);
      assertThat(onA.statusCode()).as(onA.body()).isEqualTo(200);
      assertThat(new JsonObject(onB.body()).getString("value")).isEqualTo(SENTINEL);

      HttpResponse<String> revoked = form(nodeB, "/oauth/revoke", "token=" + token + "&" + client.authentication(nodeB));
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

      HttpResponse<String> onRevokingNode = read(nodeB, token);
      assertThat(onRevokingNode.statusCode()).as("revoked at once on the node that revoked").isEqualTo(401);
      assertThat(onRevokingNode.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\", error=\"invalid_token\"");
      long deadline = System.nanoTime() + java.time.Duration.ofMillis(1_500).toNanos(); // the doorbell: milliseconds; the poll: 1 s at worst
      while (read(nodeA, token).statusCode() != 401) {
        assertThat(System.nanoTime()).as("revoked on the other node within the poll interval").isLessThan(deadline);
        Thread.sleep(5);
      }
      HttpResponse<String> introspected = form(nodeA, "/oauth/introspect", "token=" + token + "&" + client.authentication(nodeA));
      assertThat(new JsonObject(introspected.body()).getBoolean("active")).isFalse();
      assertThat(read(nodeA, token(client)).statusCode()).as("a new token still works").isEqualTo(200);
    }
    assertThat(logs.text()).doesNotContain(SENTINEL);
  }

  @Test
  void a_replayed_assertion_is_refused_by_the_other_node() throws Exception {
    Client es384 = register(EcJwkGenerator.generateJwk(EllipticCurves.P384), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    String body = "grant_type=client_credentials&client_assertion_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
        + "&client_assertion=" + es384.assertion(nodeA.issuer() + "/oauth/token");

    assertThat(form(nodeA, "/oauth/token", body).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = form(nodeB, "/oauth/token", body);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(replay.body()).getString("error_description")).contains("jti");
  }

  @Test
  void a_client_deleted_on_one_node_is_refused_by_the_other_within_a_second_despite_its_client_cache() throws Exception {
    JsonObject metadata = new JsonObject().put("grant_types", new JsonArray().add("client_credentials")).put("scope", "secrets:read").put("tenant", "clinic");
    JsonObject registered = new JsonObject(nodeA.send("POST", "/oauth/register", ADMIN, metadata.encode()).body());
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (registered.getString("client_id") + ":" + registered.getString("client_secret")).getBytes(StandardCharsets.UTF_8));
    java.util.function.Supplier<Integer> grantOnB = () -> nodeB.send("POST", "/oauth/token", null, "grant_type=client_credentials",
        "Content-Type", "application/x-www-form-urlencoded", "Authorization", basic).statusCode();
    assertThat(grantOnB.get()).as("node B has the client cached now").isEqualTo(200);

    HttpResponse<String> deleted = nodeA.send("DELETE", "/oauth/register/" + registered.getString("client_id"), registered.getString("registration_access_token"), null);
    assertThat(deleted.statusCode()).isEqualTo(204);

    long deadline = System.nanoTime() + 1_000_000_000L;
    while (grantOnB.get() == 200) {
      assertThat(System.nanoTime()).as("node B still grants a deleted client after 1 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(grantOnB.get()).isEqualTo(401);
  }
}
