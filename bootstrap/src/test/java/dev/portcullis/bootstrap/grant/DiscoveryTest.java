package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery advertises only what is true: every endpoint answers, every value is accepted. */
class DiscoveryTest {
  private static DevServer server;

  @BeforeAll
  static void start() {
    server = DevServer.start(null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return server.http().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject document(String path) throws Exception {
    HttpResponse<String> response = get(server.issuer() + path);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  @Test
  void rfc8414_3_3_the_issuer_is_the_configured_one_and_every_advertised_endpoint_answers() throws Exception {
    JsonObject metadata = document("/.well-known/oauth-authorization-server");

    assertThat(metadata.getString("issuer")).isEqualTo(server.issuer());
    assertThat(get(metadata.getString("jwks_uri")).statusCode()).isEqualTo(200);
    HttpResponse<String> token = server.http().send(HttpRequest.newBuilder(URI.create(metadata.getString("token_endpoint")))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(token.body()).getString("error")).as("the token endpoint exists and speaks OAuth").isEqualTo("invalid_client");
    HttpResponse<String> registration = server.http().send(HttpRequest.newBuilder(URI.create(metadata.getString("registration_endpoint")))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(registration.statusCode()).as("the registration endpoint exists and wants an initial access token").isEqualTo(401);
    assertThat(metadata.containsKey("authorization_endpoint")).as("not advertised until it exists").isFalse();
    assertThat(metadata.getJsonArray("grant_types_supported")).containsExactly("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange");
  }

  @Test
  void smart_configuration_advertises_backend_services_with_rs384_and_es384() throws Exception {
    JsonObject smart = document("/.well-known/smart-configuration");

    assertThat(smart.getString("token_endpoint")).isEqualTo(server.issuer() + "/oauth/token");
    assertThat(smart.getJsonArray("token_endpoint_auth_methods_supported")).contains("private_key_jwt");
    assertThat(smart.getJsonArray("token_endpoint_auth_signing_alg_values_supported")).contains("RS384", "ES384");
    assertThat(smart.getJsonArray("capabilities")).contains("client-confidential-asymmetric");
    assertThat(smart.getJsonArray("grant_types_supported")).containsExactly("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange");
  }

  @Test
  void openid_configuration_is_not_served_until_it_could_be_true() throws Exception {
    assertThat(get(server.issuer() + "/.well-known/openid-configuration").statusCode()).isEqualTo(404);
  }
}
