package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.grant.IssuedTokens;
import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audit integrity (issue 12, path 8): nobody grows another tenant's chain (or creates one) with denied
 * attempts; the actor is the credential that acted, never a name its creator chose; and grants record
 * their security events — without a token value in any of them.
 */
class AuditAttacksTest {
  private static final String ADMIN = "audit-attacks-admin-token-0123456789abcdef";
  private static DevServer server;
  private static Credentials credentials;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    credentials = new Credentials(server, ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonArray audit(String tenant) {
    HttpResponse<String> response = server.send("GET", "/v1/tenants/" + tenant + "/audit?per_page=100", ADMIN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("data");
  }

  private static List<JsonObject> records(String tenant, String action) {
    return audit(tenant).stream().map(JsonObject.class::cast).filter(r -> r.getString("action").equals(action)).collect(Collectors.toList());
  }

  @Test
  void denied_attempts_are_recorded_in_the_callers_tenant_and_never_create_or_grow_the_targets_chain() {
    String mallory = credentials.token(credentials.client("mallory", "secrets:read"));

    for (int i = 0; i < 5; i++) {
      assertThat(server.send("GET", "/v1/tenants/victim-" + i + "/secrets/x", mallory, null).statusCode()).isEqualTo(403);
    }

    for (int i = 0; i < 5; i++) {
      assertThat(audit("victim-" + i)).as("no chain was created for a tenant that does not exist").isEmpty();
    }
    List<JsonObject> denied = records("mallory", "secret.read");
    assertThat(denied).hasSize(5).allSatisfy(r -> {
      assertThat(r.getString("outcome")).isEqualTo("denied");
      assertThat(r.getString("actor")).startsWith("client:");
      assertThat(r.getString("detail")).startsWith("aimed at tenant victim-");
    });
  }

  @Test
  void the_actor_is_the_credential_and_the_subject_an_api_key_claims_only_stands_beside_it() {
    assertThat(server.send("PUT", "/v1/tenants/shop/secrets/token-db", ADMIN, "{\"value\":\"audit-sentinel-value\"}", "Content-Type", "application/json")
        .statusCode()).isIn(200, 201);
    JsonObject key = Credentials.json(server.send("POST", "/v1/tenants/shop/api-keys", ADMIN, new JsonObject().put("name", "impostor")
        .put("scopes", new JsonArray().add("secrets:read")).put("identity", new JsonObject().put("subject", "admin")).encode(), "Content-Type", "application/json"));
    String exchanged = Credentials.json(credentials.exchange(key.getString("key"))).getString("access_token");

    assertThat(server.send("GET", "/v1/tenants/shop/secrets/token-db", exchanged, null).statusCode()).isEqualTo(200);

    JsonObject read = records("shop", "secret.read").get(0);
    assertThat(read.getString("actor")).isEqualTo("api-key:" + key.getString("id"));
    assertThat(read.getString("subject")).isEqualTo("admin");
    assertThat(audit("shop").encode()).doesNotContain(key.getString("key"), exchanged, "audit-sentinel-value");
  }

  @Test
  void grants_record_registration_failed_authentication_issuance_revocation_and_deletion_without_token_values() throws Exception {
    Credentials.Client client = credentials.client("grants", "orders:read");
    String token = credentials.token(client);
    credentials.token(client);
    assertThat(credentials.basic("/oauth/token", "grant_type=client_credentials", client.id(), "wrong-secret").statusCode()).isEqualTo(401);
    assertThat(credentials.basic("/oauth/revoke", "token=" + Credentials.enc(token), client.id(), client.secret()).statusCode()).isEqualTo(200);
    server.running().injector().getInstance(IssuedTokens.class).flush(); // what the background job does every minute
    assertThat(server.send("DELETE", "/oauth/register/" + client.id(), ADMIN, null).statusCode()).isEqualTo(204);

    assertThat(records("grants", "client.register")).singleElement().satisfies(r -> assertThat(r.getString("actor")).isEqualTo("admin"));
    assertThat(records("grants", "client.authenticate")).singleElement().satisfies(r -> {
      assertThat(r.getString("outcome")).isEqualTo("denied");
      assertThat(r.getString("actor")).isEqualTo("client:" + client.id());
    });
    assertThat(records("grants", "token.issue")).singleElement().satisfies(r -> assertThat(r.getString("detail")).startsWith("tokens=2 "));
    assertThat(records("grants", "token.revoke")).hasSize(1);
    assertThat(records("grants", "client.delete")).hasSize(1);
    assertThat(audit("grants").encode()).doesNotContain(token, client.secret(), "wrong-secret", client.registrationToken());
    HttpResponse<String> verified = server.send("GET", "/v1/tenants/grants/audit/verify", ADMIN, null);
    assertThat(new JsonObject(verified.body()).getBoolean("valid")).isTrue();
  }
}
