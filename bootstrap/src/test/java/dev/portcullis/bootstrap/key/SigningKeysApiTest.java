package dev.portcullis.bootstrap.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Platform signing keys on the dev wiring: JWKS, signing, rotation. */
class SigningKeysApiTest {
  private static final String TOKEN = "signing-keys-test-admin-token-0123456789";
  private DevServer server;

  @BeforeEach
  void start() {
    server = DevServer.start(TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void rfc7517_a_token_we_sign_verifies_against_the_served_jwks_with_the_algorithm_pinned() throws Exception {
    String token = server.running().injector().getInstance(SigningKeysService.class).sign("at+jwt", "{\"sub\":\"alice\"}");

    HttpResponse<String> response = get("/oauth/jwks", null);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    JsonWebKey key = new JsonWebKeySet(response.body()).findJsonWebKey(jws.getKeyIdHeaderValue(), "EC", "sig", "ES256");
    jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256"));
    jws.setKey(((PublicJsonWebKey) key).getPublicKey());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    assertThat(jws.verifySignature()).isTrue();
    assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
    assertThat(response.body()).doesNotContain("\"d\"");
  }

  @Test
  void rotation_publishes_the_new_key_before_it_signs_and_retires_the_old_one_when_it_starts() throws Exception {
    SigningKeysService keys = server.running().injector().getInstance(SigningKeysService.class);
    String before = kidOf(keys.sign("at+jwt", "{}"));

    HttpResponse<String> rotated = send("POST", "/v1/admin/signing-keys/rotate", TOKEN);
    JsonObject successor = new JsonObject(rotated.body());
    String after = kidOf(keys.sign("at+jwt", "{}"));
    JsonArray published = new JsonObject(get("/oauth/jwks", null).body()).getJsonArray("keys");
    JsonArray listed = new JsonObject(get("/v1/admin/signing-keys", TOKEN).body()).getJsonArray("data");

    assertThat(rotated.statusCode()).isEqualTo(201);
    assertThat(Instant.parse(successor.getString("active_from"))).isAfter(Instant.now().plusSeconds(590));
    assertThat(after).as("the old key keeps signing during the overlap").isEqualTo(before);
    assertThat(published.stream().map(k -> ((JsonObject) k).getString("kid"))).containsExactly(before, successor.getString("kid"));
    JsonObject old = listed.stream().map(JsonObject.class::cast).filter(k -> k.getString("kid").equals(before)).findFirst().orElseThrow();
    assertThat(old.getString("retired_at")).isEqualTo(successor.getString("active_from"));
  }

  @Test
  void key_administration_needs_the_admin_token_and_private_halves_are_not_reachable_through_the_secrets_api() throws Exception {
    String kid = kidOf(server.running().injector().getInstance(SigningKeysService.class).sign("at+jwt", "{}"));

    assertThat(send("POST", "/v1/admin/signing-keys/rotate", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/admin/signing-keys", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/tenants/system/secrets/signing-keys%2F" + kid, TOKEN).statusCode()).isEqualTo(400);
    assertThat(get("/v1/admin/signing-keys", TOKEN).body()).doesNotContain("\"d\"");
  }

  private static String kidOf(String token) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    return jws.getKeyIdHeaderValue();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token);
  }

  private HttpResponse<String> send(String method, String path, String token) {
    return server.send(method, path, token, null);
  }

}
