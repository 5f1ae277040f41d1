package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider endpoint swap (issue 12, path 5): a tenant principal moves a working provider to a host it
 * controls, hoping the stored client secret — or a connection's refresh token — follows. Dev wiring, so
 * loopback is allowed and the "attacker's host" is a listener on loopback that records what it gets.
 */
class ProviderSwapAttacksTest {
  private static final String ADMIN = "provider-swap-attacks-admin-token-01234567";
  private static DevServer server;
  private static Credentials credentials;
  private static String tenantWriter;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    credentials = new Credentials(server, ADMIN);
    tenantWriter = credentials.token(credentials.client("acme", "providers:write connections:read connections:write connections:token"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, JsonObject body) {
    return server.send(method, path, tenantWriter, body == null ? null : body.encode(), "Content-Type", "application/json");
  }

  @Test
  void moving_a_provider_needs_its_secret_again_and_its_connections_must_reauthorize() throws Exception {
    Credentials.Client upstream = credentials.client("acme", "orders:read"); // our own token endpoint is the honest provider
    HttpResponse<String> created = send("POST", "/v1/tenants/acme/providers", new JsonObject().put("name", "honest")
        .put("token_endpoint", server.issuer() + "/oauth/token").put("client_id", upstream.id()).put("client_secret", upstream.secret())
        .put("grant_types", new JsonArray().add("client_credentials")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String providerId = Credentials.json(created).getString("id");
    HttpResponse<String> connected = send("POST", "/v1/tenants/acme/providers/" + providerId + "/connections", new JsonObject().put("grant_type", "client_credentials"));
    assertThat(connected.statusCode()).as(connected.body()).isIn(200, 201);
    String connectionId = Credentials.json(connected).getString("id");
    assertThat(send("GET", "/v1/tenants/acme/connections/" + connectionId + "/token", null).statusCode()).isEqualTo(200);

    try (Listener attacker = new Listener()) {
      String elsewhere = "http://127.0.0.1:" + attacker.port() + "/token";
      HttpResponse<String> keepSecret = send("PATCH", "/v1/tenants/acme/providers/" + providerId, new JsonObject().put("token_endpoint", elsewhere));

      assertThat(keepSecret.statusCode()).as(keepSecret.body()).isEqualTo(400);
      assertThat(keepSecret.body()).contains("client_secret");

      HttpResponse<String> moved = send("PATCH", "/v1/tenants/acme/providers/" + providerId, new JsonObject().put("token_endpoint", elsewhere)
          .put("client_secret", "the-attackers-own-secret"));
      HttpResponse<String> token = send("GET", "/v1/tenants/acme/connections/" + connectionId + "/token", null);
      HttpResponse<String> status = send("GET", "/v1/tenants/acme/connections/" + connectionId, null);
      HttpResponse<String> deleted = send("DELETE", "/v1/tenants/acme/connections/" + connectionId, null);

      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      assertThat(token.statusCode()).as(token.body()).isEqualTo(409);
      assertThat(Credentials.json(token).getJsonObject("error").getString("type")).isEqualTo("needs_reauth");
      assertThat(Credentials.json(status).getString("status")).isEqualTo("needs_reauth");
      assertThat(deleted.statusCode()).isIn(200, 204);
      assertThat(attacker.received()).as("neither the stored secret nor anything the connection held went to the new host")
          .doesNotContain(upstream.secret()).doesNotContain(java.net.URLEncoder.encode(upstream.secret(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(attacker.connections()).as("nothing was even attempted: the connection must be authorized again").isZero();
    }
  }
}
