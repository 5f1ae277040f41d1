package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection and RFC 7009 revocation on the dev wiring. */
class TokenStatusTest {
  private static final String ADMIN = "token-status-admin-token-0123456789abcdef";
  private static DevServer server;
  private static Client clinicApp;
  private static Client clinicGateway;
  private static Client otherTenant;

  record Client(String id, String secret) {
    String basic() {
      return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
  }

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    clinicApp = register("clinic");
    clinicGateway = register("clinic");
    otherTenant = register("elsewhere");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Client register(String tenant) {
    JsonObject metadata = new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "client_secret_basic").put("scope", "secrets:read secrets:write").put("tenant", tenant);
    JsonObject registered = new JsonObject(server.send("POST", "/oauth/register", ADMIN, metadata.encode()).body());
    return new Client(registered.getString("client_id"), registered.getString("client_secret"));
  }

  private static String tokenFor(Client client) {
    HttpResponse<String> response = form("/oauth/token", client, "grant_type=client_credentials&scope=secrets%3Aread");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static HttpResponse<String> form(String path, Client client, String body) {
    return client == null
        ? server.send("POST", path, null, body, "Content-Type", "application/x-www-form-urlencoded")
        : server.send("POST", path, null, body, "Content-Type", "application/x-www-form-urlencoded", "Authorization", client.basic());
  }

  private static HttpResponse<String> introspect(Client caller, String token) {
    return form("/oauth/introspect", caller, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> revoke(Client caller, String token) {
    return form("/oauth/revoke", caller, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token");
  }

  private static HttpResponse<String> readSecret(String token) {
    return server.send("GET", "/v1/tenants/clinic/secrets/absent", token, null);
  }

  @Test
  void rfc7662_2_2_an_active_token_is_described_to_a_resource_server_of_its_tenant() {
    String token = tokenFor(clinicApp);

    HttpResponse<String> response = introspect(clinicGateway, token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getBoolean("active")).isTrue();
    assertThat(body.getString("client_id")).isEqualTo(clinicApp.id());
    assertThat(body.getString("scope")).isEqualTo("secrets:read");
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getString("iss")).isEqualTo(server.issuer());
    assertThat(body.getString("tenant")).isEqualTo("clinic");
    assertThat(body.getLong("exp")).isGreaterThan(body.getLong("iat"));
    assertThat(body.getString("jti")).isNotBlank();
  }

  @Test
  void rfc7662_2_2_anything_else_is_just_inactive() {
    String token = tokenFor(clinicApp);

    assertThat(new JsonObject(introspect(otherTenant, token).body()).fieldNames()).as("another tenant learns nothing").containsExactly("active");
    assertThat(new JsonObject(introspect(otherTenant, token).body()).getBoolean("active")).isFalse();
    assertThat(new JsonObject(introspect(clinicGateway, "garbage").body()).getBoolean("active")).isFalse();
    assertThat(new JsonObject(introspect(clinicGateway, token.substring(0, token.length() - 4) + "AAAA").body()).getBoolean("active")).isFalse();
  }

  @Test
  void rfc7662_2_1_the_caller_must_authenticate_and_send_a_token() {
    HttpResponse<String> anonymous = introspect(null, tokenFor(clinicApp));
    HttpResponse<String> wrongSecret = introspect(new Client(clinicGateway.id(), "wrong"), tokenFor(clinicApp));
    HttpResponse<String> noToken = form("/oauth/introspect", clinicGateway, "token_type_hint=access_token");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(anonymous.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noToken.body()).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void rfc7009_2_1_a_revoked_token_is_refused_by_the_api_and_inactive_on_introspection() {
    String token = tokenFor(clinicApp);
    assertThat(readSecret(token).statusCode()).isEqualTo(404);

    HttpResponse<String> revoked = revoke(clinicApp, token);

    assertThat(revoked.statusCode()).isEqualTo(200);
    HttpResponse<String> read = readSecret(token);
    assertThat(read.statusCode()).isEqualTo(401);
    assertThat(read.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\", error=\"invalid_token\"");
    assertThat(new JsonObject(introspect(clinicGateway, token).body()).getBoolean("active")).isFalse();
    assertThat(revoke(clinicApp, token).statusCode()).as("revoking twice is fine").isEqualTo(200);
  }

  @Test
  void rfc7009_2_2_an_unknown_or_invalid_token_is_answered_with_200() {
    assertThat(revoke(clinicApp, "not-a-token-at-all").statusCode()).isEqualTo(200);
    assertThat(revoke(clinicApp, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA").statusCode()).isEqualTo(200);
  }

  @Test
  void rfc7009_2_1_a_client_cannot_revoke_a_token_issued_to_another_client() {
    String token = tokenFor(clinicApp);

    HttpResponse<String> response = revoke(clinicGateway, token);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_request");
    assertThat(readSecret(token).statusCode()).as("still valid").isEqualTo(404);
  }

  @Test
  void rfc7009_2_1_revocation_needs_client_authentication() {
    String token = tokenFor(clinicApp);

    HttpResponse<String> response = revoke(null, token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(readSecret(token).statusCode()).isEqualTo(404);
  }

  @Test
  void rfc8414_discovery_advertises_introspection_and_revocation() {
    JsonObject metadata = new JsonObject(server.send("GET", "/.well-known/oauth-authorization-server", null, null).body());

    assertThat(metadata.getString("introspection_endpoint")).isEqualTo(server.issuer() + "/oauth/introspect");
    assertThat(metadata.getString("revocation_endpoint")).isEqualTo(server.issuer() + "/oauth/revoke");
    assertThat(metadata.getJsonArray("revocation_endpoint_auth_methods_supported").getList()).contains("private_key_jwt", "client_secret_basic");
  }
}
