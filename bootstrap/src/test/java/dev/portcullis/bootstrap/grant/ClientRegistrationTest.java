package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7591 registration and RFC 7592 management on the dev wiring. */
class ClientRegistrationTest {
  private static final String ADMIN = "client-registration-admin-token-0123456789";
  private static DevServer server;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String token, JsonObject body) {
    return server.send(method, path, token, body == null ? null : body.encode());
  }

  private static HttpResponse<String> register(JsonObject metadata) throws Exception {
    return send("POST", "/oauth/register", ADMIN, metadata);
  }

  private static String error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getString("error");
  }

  private static JsonObject webApp() {
    return new JsonObject().put("client_name", "Web App").put("redirect_uris", new JsonArray().add("https://app.example.com/callback"))
        .put("grant_types", new JsonArray().add("authorization_code").add("refresh_token")).put("scope", "openid secrets:read").put("tenant", "acme");
  }

  private static JsonObject backendService(Object jwksOrUri) {
    JsonObject metadata = new JsonObject().put("client_name", "Backend").put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "private_key_jwt").put("scope", "secrets:read");
    return jwksOrUri instanceof JsonObject jwks ? metadata.put("jwks", jwks) : metadata.put("jwks_uri", jwksOrUri);
  }

  private static JsonObject publicJwks() throws Exception {
    var jwk = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    jwk.setKeyId("k1");
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
  }

  @Test
  void rfc7591_3_2_1_registration_returns_credentials_once_and_echoes_the_metadata() throws Exception {
    HttpResponse<String> response = register(webApp());

    JsonObject client = new JsonObject(response.body());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(client.getString("client_id")).isNotBlank();
    assertThat(Base64.getUrlDecoder().decode(client.getString("client_secret"))).as("at least 256 random bits").hasSizeGreaterThanOrEqualTo(32);
    assertThat(client.getInteger("client_secret_expires_at")).isZero();
    assertThat(client.getString("registration_access_token")).isNotBlank();
    assertThat(client.getString("registration_client_uri")).isEqualTo(server.issuer() + "/oauth/register/" + client.getString("client_id"));
    assertThat(client.getString("token_endpoint_auth_method")).as("RFC 7591 section 2 default").isEqualTo("client_secret_basic");
    assertThat(client.getJsonArray("response_types")).containsExactly("code");
    assertThat(client.getString("scope")).isEqualTo("openid secrets:read");
    assertThat(client.getString("tenant")).isEqualTo("acme");
  }

  @Test
  void rfc7591_3_registration_needs_an_initial_access_token() throws Exception {
    HttpResponse<String> none = send("POST", "/oauth/register", null, webApp());
    HttpResponse<String> wrong = send("POST", "/oauth/register", "not-the-admin-token", webApp());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(error(none)).isEqualTo("invalid_token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
  }

  @Test
  void rfc7591_2_private_key_jwt_clients_register_with_jwks_or_jwks_uri_but_not_both_nor_neither() throws Exception {
    HttpResponse<String> withJwks = register(backendService(publicJwks()));
    HttpResponse<String> withUri = register(backendService("https://service.example.com/jwks.json"));
    HttpResponse<String> both = register(backendService(publicJwks()).put("jwks_uri", "https://service.example.com/jwks.json"));
    HttpResponse<String> neither = register(backendService(publicJwks()).putNull("jwks"));

    assertThat(withJwks.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(withJwks.body()).containsKey("client_secret")).as("no secret for private_key_jwt").isFalse();
    assertThat(withUri.statusCode()).isEqualTo(201);
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(error(both)).isEqualTo("invalid_client_metadata");
    assertThat(error(neither)).isEqualTo("invalid_client_metadata");
  }

  @Test
  void rfc7591_2_a_jwks_with_private_key_material_is_rejected() throws Exception {
    var jwk = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    JsonObject withPrivate = new JsonObject().put("keys", new JsonArray().add(new JsonObject(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE))));

    HttpResponse<String> response = register(backendService(withPrivate));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error_description")).contains("public keys only");
  }

  @Test
  void rfc7591_2_a_jwks_that_is_not_a_set_of_complete_public_keys_is_invalid_client_metadata_saying_what_is_missing() throws Exception {
    JsonObject ec = publicJwks().getJsonArray("keys").getJsonObject(0);
    JsonObject rsa = new JsonObject(org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    java.util.Map<JsonObject, String> cases = new java.util.LinkedHashMap<>();
    cases.put(new JsonObject().put("keys", 5), "keys array");
    cases.put(new JsonObject().put("keys", new JsonArray().add(5)), "JSON object");
    cases.put(new JsonObject().put("keyz", new JsonArray()), "keys array");
    cases.put(set(without(rsa, "n")), "n");
    cases.put(set(without(rsa, "e")), "e");
    cases.put(set(without(rsa, "n", "e")), "n");
    cases.put(set(without(ec, "crv", "x", "y")), "crv");
    cases.put(set(without(ec, "y")), "y");
    cases.put(set(ec, without(ec, "kty")), "kty");
    cases.put(set(ec.copy().put("kty", "XYZ")), "kty");
    cases.put(set(ec.copy().put("x", 42)), "x");
    cases.put(set(new JsonObject().put("kty", "OKP").put("crv", "Ed25519")), "x");

    for (var entry : cases.entrySet()) {
      HttpResponse<String> response = register(backendService(entry.getKey()));

      assertThat(response.statusCode()).as(entry.getKey().encode()).isEqualTo(400);
      assertThat(error(response)).as(entry.getKey().encode()).isEqualTo("invalid_client_metadata");
      assertThat(new JsonObject(response.body()).getString("error_description")).as(entry.getKey().encode()).startsWith("jwks").contains(entry.getValue());
      assertThat(response.body()).as("no key material in the answer").doesNotContain(ec.getString("x"), rsa.getString("n"));
    }
  }

  @Test
  void rfc7591_2_a_private_key_member_anywhere_in_the_jwks_is_rejected() throws Exception {
    JsonObject ec = publicJwks().getJsonArray("keys").getJsonObject(0);
    JsonObject rsa = new JsonObject(org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    java.util.List<JsonObject> sets = new java.util.ArrayList<>();
    for (String member : new String[] {"d", "p", "q", "dp", "dq", "qi", "k"}) {
      sets.add(set(rsa.copy().put(member, "c2VjcmV0LXNlbnRpbmVs")));
    }
    sets.add(set(ec, ec.copy().put("kid", "k2").put("d", "c2VjcmV0LXNlbnRpbmVs")));
    sets.add(set(rsa.copy().put("oth", new JsonArray().add(new JsonObject().put("r", "AQ").put("d", "c2VjcmV0LXNlbnRpbmVs").put("t", "AQ")))));
    sets.add(set(ec).put("d", "c2VjcmV0LXNlbnRpbmVs"));
    sets.add(set(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0LXNlbnRpbmVs")));

    for (JsonObject jwks : sets) {
      HttpResponse<String> response = register(backendService(jwks));

      assertThat(response.statusCode()).as(jwks.encode()).isEqualTo(400);
      assertThat(error(response)).isEqualTo("invalid_client_metadata");
      assertThat(new JsonObject(response.body()).getString("error_description")).as(jwks.encode()).contains("public keys only");
      assertThat(response.body()).doesNotContain("c2VjcmV0LXNlbnRpbmVs");
    }
  }

  @Test
  void rfc7591_2_a_jwks_uri_without_a_host_is_invalid_client_metadata() throws Exception {
    for (String uri : new String[] {"https:///x", "https:/x", "https:x", "https://:443/jwks", "https://user@/jwks"}) {
      HttpResponse<String> response = register(backendService(uri));

      assertThat(response.statusCode()).as(uri).isEqualTo(400);
      assertThat(error(response)).as(uri).isEqualTo("invalid_client_metadata");
      assertThat(new JsonObject(response.body()).getString("error_description")).as(uri).contains("jwks_uri").contains("host");
    }
  }

  private static JsonObject set(JsonObject... keys) {
    JsonArray array = new JsonArray();
    for (JsonObject key : keys) {
      array.add(key);
    }
    return new JsonObject().put("keys", array);
  }

  private static JsonObject without(JsonObject key, String... members) {
    JsonObject copy = key.copy();
    for (String member : members) {
      copy.remove(member);
    }
    return copy;
  }

  @Test
  void rfc7591_3_2_2_bad_redirect_uris_are_invalid_redirect_uri() throws Exception {
    HttpResponse<String> fragment = register(webApp().put("redirect_uris", new JsonArray().add("https://app.example.com/cb#frag")));
    HttpResponse<String> plainHttp = register(webApp().put("redirect_uris", new JsonArray().add("http://app.example.com/cb")));
    HttpResponse<String> missing = register(webApp().remove("redirect_uris") == null ? webApp() : webApp().put("redirect_uris", new JsonArray()));
    HttpResponse<String> loopback = register(webApp().put("redirect_uris", new JsonArray().add("http://127.0.0.1:5173/cb")));

    assertThat(error(fragment)).isEqualTo("invalid_redirect_uri");
    assertThat(error(plainHttp)).isEqualTo("invalid_redirect_uri");
    assertThat(error(missing)).isEqualTo("invalid_redirect_uri");
    assertThat(loopback.statusCode()).as("RFC 8252 loopback redirect").isEqualTo(201);
  }

  @Test
  void rfc7591_2_1_inconsistent_or_unsupported_grant_and_response_types_are_rejected() throws Exception {
    HttpResponse<String> codeWithoutResponseType = register(webApp().put("response_types", new JsonArray()).put("grant_types", new JsonArray().add("authorization_code"))
        .put("response_types", new JsonArray().add("token")));
    HttpResponse<String> implicit = register(webApp().put("grant_types", new JsonArray().add("implicit")));
    HttpResponse<String> publicClientCredentials = register(new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "none"));
    HttpResponse<String> notJson = send("POST", "/oauth/register", ADMIN, null);
    HttpResponse<String> badScope = register(webApp().put("scope", "a\\b"));

    assertThat(error(codeWithoutResponseType)).isEqualTo("invalid_client_metadata");
    assertThat(error(implicit)).isEqualTo("invalid_client_metadata");
    assertThat(error(publicClientCredentials)).isEqualTo("invalid_client_metadata");
    assertThat(error(notJson)).isEqualTo("invalid_client_metadata");
    assertThat(error(badScope)).isEqualTo("invalid_client_metadata");
  }

  @Test
  void rfc7592_2_read_update_and_delete_need_the_registration_access_token() throws Exception {
    JsonObject client = new JsonObject(register(webApp()).body());
    String path = "/oauth/register/" + client.getString("client_id");
    String token = client.getString("registration_access_token");

    HttpResponse<String> read = send("GET", path, token, null);
    HttpResponse<String> wrongToken = send("GET", path, "wrong", null);
    HttpResponse<String> unknownClient = send("GET", "/oauth/register/nobody", token, null);
    HttpResponse<String> updated = send("PUT", path, token, webApp().put("client_id", client.getString("client_id")).put("client_name", "Renamed"));
    HttpResponse<String> otherId = send("PUT", path, token, webApp().put("client_id", "someone-else"));
    HttpResponse<String> deleted = send("DELETE", path, token, null);
    HttpResponse<String> afterDelete = send("GET", path, token, null);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(read.body()).containsKey("client_secret")).as("secrets are shown once").isFalse();
    assertThat(new JsonObject(read.body()).containsKey("registration_access_token")).isFalse();
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(unknownClient.statusCode()).as("same answer as a wrong token").isEqualTo(401);
    assertThat(error(unknownClient)).isEqualTo("invalid_token");
    assertThat(new JsonObject(updated.body()).getString("client_name")).isEqualTo("Renamed");
    assertThat(error(otherId)).isEqualTo("invalid_client_metadata");
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(afterDelete.statusCode()).isEqualTo(401);
  }
}
