package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7523 client authentication (SMART Backend Services profile) for client_credentials, on the dev wiring. */
class PrivateKeyJwtTest {
  private static final String ADMIN = "private-key-jwt-admin-token-0123456789abc";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static DevServer server;
  private static PublicJsonWebKey es384;
  private static PublicJsonWebKey rs384;
  private static String clientId;

  @BeforeAll
  static void start() throws Exception {
    server = DevServer.start(ADMIN);
    es384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    es384.setKeyId("es384-key");
    rs384 = RsaJwkGenerator.generateJwk(2048);
    rs384.setKeyId("rs384-key");
    JsonObject jwks = new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject(es384.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))
        .add(new JsonObject(rs384.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
    JsonObject metadata = new JsonObject().put("client_name", "SMART backend").put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "private_key_jwt").put("jwks", jwks).put("scope", "secrets:read").put("tenant", "clinic");
    HttpResponse<String> registered = server.send("POST", "/oauth/register", ADMIN, metadata.encode());
    clientId = new JsonObject(registered.body()).getString("client_id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JwtClaims claims() {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(clientId);
    claims.setSubject(clientId);
    claims.setAudience(server.url("/oauth/token"));
    claims.setExpirationTimeMinutesInTheFuture(4);
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  private static String sign(PublicJsonWebKey key, String alg, JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(alg);
    jws.setHeader("typ", "JWT");
    return jws.getCompactSerialization();
  }

  private static String es384(Consumer<JwtClaims> change) throws Exception {
    JwtClaims claims = claims();
    change.accept(claims);
    return sign(es384, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, claims);
  }

  private static HttpResponse<String> token(String assertion) throws Exception {
    return token(assertion, JWT_BEARER);
  }

  private static HttpResponse<String> token(String assertion, String assertionType) throws Exception {
    String form = "grant_type=client_credentials&scope=secrets%3Aread&client_assertion_type=" + URLEncoder.encode(assertionType, StandardCharsets.UTF_8)
        + "&client_assertion=" + assertion;
    return server.http().send(HttpRequest.newBuilder(URI.create(server.url("/oauth/token"))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRejected(HttpResponse<String> response, String because) {
    assertThat(response.statusCode()).as(because + ": " + response.body()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_client");
  }

  @Test
  void smart_es384_and_rs384_assertions_get_access_tokens_that_read_the_clients_tenant() throws Exception {
    HttpResponse<String> viaEs384 = token(es384(c -> { }));
    HttpResponse<String> viaRs384 = token(sign(rs384, AlgorithmIdentifiers.RSA_USING_SHA384, claims()));

    assertThat(viaEs384.statusCode()).as(viaEs384.body()).isEqualTo(200);
    assertThat(viaRs384.statusCode()).as(viaRs384.body()).isEqualTo(200);
    String accessToken = new JsonObject(viaEs384.body()).getString("access_token");
    HttpResponse<String> read = server.http().send(HttpRequest.newBuilder(URI.create(server.url("/v1/tenants/clinic/secrets/absent"))).header("Authorization", "Bearer " + accessToken).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).as("authorized for its tenant: the secret is simply absent").isEqualTo(404);
  }

  @Test
  void rfc7523_3_rejects_a_wrong_audience_but_accepts_the_issuer_as_audience() throws Exception {
    assertRejected(token(es384(c -> c.setAudience("https://someone-else.example.com/token"))), "wrong aud");
    assertThat(token(es384(c -> c.setAudience(server.issuer()))).statusCode()).isEqualTo(200);
  }

  @Test
  void rfc7523_3_rejects_an_expired_assertion_and_one_without_exp() throws Exception {
    assertRejected(token(es384(c -> c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120)))), "expired");
    assertRejected(token(es384(c -> c.unsetClaim("exp"))), "no exp");
  }

  @Test
  void smart_rejects_exp_more_than_five_minutes_ahead() throws Exception {
    assertRejected(token(es384(c -> c.setExpirationTimeMinutesInTheFuture(10))), "exp too far ahead");
  }

  @Test
  void rfc7523_3_rejects_iss_different_from_sub_and_a_missing_jti() throws Exception {
    assertRejected(token(es384(c -> c.setSubject("someone-else"))), "iss != sub");
    assertRejected(token(es384(c -> c.unsetClaim("jti"))), "no jti");
  }

  @Test
  void rfc7523_3_a_jti_is_accepted_once() throws Exception {
    String assertion = es384(c -> { });

    assertThat(token(assertion).statusCode()).isEqualTo(200);
    assertRejected(token(assertion), "replayed jti");
  }

  @Test
  void rfc7523_3_parallel_replays_of_one_assertion_have_exactly_one_winner() throws Exception {
    String assertion = es384(c -> { });
    int threads = 12;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<Integer>> results = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return token(assertion).statusCode();
        }));
      }
    }

    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> result : results) {
      statuses.add(result.get());
    }
    assertThat(statuses).containsOnlyOnce(200).filteredOn(s -> s != 200).containsOnly(401);
  }

  @Test
  void rejects_an_unknown_kid_and_a_signature_from_another_key_with_a_registered_kid() throws Exception {
    PublicJsonWebKey stranger = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    stranger.setKeyId("unknown-kid");
    PublicJsonWebKey impostor = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    impostor.setKeyId(es384.getKeyId());

    assertRejected(token(sign(stranger, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, claims())), "unknown kid");
    assertRejected(token(sign(impostor, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, claims())), "another key, same kid");
  }

  @Test
  void rejects_alg_none_and_hmac_signed_with_the_public_key() throws Exception {
    JsonWebSignature none = new JsonWebSignature();
    none.setPayload(claims().toJson());
    none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    none.setKeyIdHeaderValue(es384.getKeyId());
    JsonWebSignature hmac = new JsonWebSignature();
    hmac.setPayload(claims().toJson());
    hmac.setKey(new HmacKey(rs384.getPublicKey().getEncoded()));
    hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hmac.setKeyIdHeaderValue(rs384.getKeyId());

    assertRejected(token(none.getCompactSerialization()), "alg none");
    assertRejected(token(hmac.getCompactSerialization()), "HMAC with the public key as secret");
  }

  @Test
  void rfc7523_2_2_rejects_a_wrong_client_assertion_type_and_a_second_authentication_method() throws Exception {
    assertRejected(token(es384(c -> { }), "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"), "wrong assertion type");
    HttpResponse<String> both = server.http().send(HttpRequest.newBuilder(URI.create(server.url("/oauth/token"))).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic Zm9vOmJhcg==")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_assertion_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
            + "&client_assertion=" + es384(c -> { }))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(both.body()).getString("error")).isEqualTo("invalid_request");
  }
}
