package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Introspection without authentication (issue 12, path 6): RFC 7662 §2.1 — the caller must prove who it is. */
class IntrospectionAttacksTest {
  private static final String ADMIN = "introspection-attacks-admin-token-0123456789";
  private static DevServer server;
  private static Credentials credentials;
  private static String victimToken;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    credentials = new Credentials(server, ADMIN);
    victimToken = credentials.token(credentials.client("clinic", "secrets:read"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rfc7662_2_1_a_public_client_id_alone_cannot_introspect() {
    Credentials.Client spa = credentials.register(new JsonObject().put("grant_types", new JsonArray().add("authorization_code"))
        .put("token_endpoint_auth_method", "none").put("redirect_uris", new JsonArray().add("https://spa.example.com/cb")).put("tenant", "clinic"));

    HttpResponse<String> response = credentials.form("/oauth/introspect", "client_id=" + spa.id() + "&token=" + Credentials.enc(victimToken));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(response.body()).doesNotContain("active", "secrets:read");
  }

  @Test
  void a_confidential_client_of_another_tenant_learns_nothing() {
    Credentials.Client other = credentials.client("elsewhere", "introspect");

    HttpResponse<String> response = credentials.basic("/oauth/introspect", "token=" + Credentials.enc(victimToken), other.id(), other.secret());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).encode()).isEqualTo("{\"active\":false}");
  }

  @Test
  void the_administrator_may_introspect_with_its_bearer_credential_and_a_tenant_token_may_not() {
    HttpResponse<String> asAdmin = credentials.form("/oauth/introspect", "token=" + Credentials.enc(victimToken), "Authorization", "Bearer " + ADMIN);
    HttpResponse<String> asClient = credentials.form("/oauth/introspect", "token=" + Credentials.enc(victimToken), "Authorization", "Bearer " + victimToken);

    assertThat(asAdmin.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(asAdmin.body()).getBoolean("active")).isTrue();
    assertThat(asClient.statusCode()).isEqualTo(401);
    assertThat(asClient.body()).doesNotContain("\"active\"");
  }
}
