package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the delegation rule — a credential can only create, widen or hand out what it already
 * holds — through API keys (issue 12, path 1) and RFC 7592 self-management (path 2). Each test is the
 * attack as an ordinary tenant credential would try it, against the real HTTP API.
 */
class EscalationAttacksTest {
  private static final String ADMIN = "escalation-attacks-admin-token-0123456789";
  private static DevServer server;
  private static Credentials credentials;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    credentials = new Credentials(server, ADMIN);
    HttpResponse<String> seeded = server.send("PUT", "/v1/tenants/shop/secrets/db-password", ADMIN, "{\"value\":\"hunter2-escalation\"}",
        "Content-Type", "application/json");
    assertThat(seeded.statusCode()).as(seeded.body()).isIn(200, 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertRefused(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type")).isEqualTo(type);
  }

  // ------------------------------------------------------------------ path 1: API keys

  @Test
  void api_keys_write_alone_cannot_mint_a_key_with_platform_scopes_and_so_cannot_reach_secrets() {
    String narrow = credentials.token(credentials.client("shop", "api-keys:write"));

    HttpResponse<String> minted = credentials.createKey(narrow, "shop", List.of("secrets:read", "secrets:write", "providers:write", "connections:token"));

    assertRefused(minted, 403, "insufficient_scope");
    assertThat(minted.body()).contains("secrets:read", "secrets:write", "providers:write", "connections:token");
    assertThat(server.send("GET", "/v1/tenants/shop/secrets/db-password", narrow, null).statusCode()).isEqualTo(403);
    assertThat(server.send("GET", "/v1/tenants/shop/api-keys", ADMIN, null).body()).doesNotContain("connections:token");
  }

  @Test
  void api_keys_write_cannot_mint_product_scopes_it_does_not_hold_either() {
    String narrow = credentials.token(credentials.client("shop", "api-keys:write"));

    assertRefused(credentials.createKey(narrow, "shop", List.of("orders:read")), 403, "insufficient_scope");
  }

  @Test
  void a_caller_mints_keys_within_what_it_holds_and_the_exchanged_token_carries_no_more() {
    String caller = credentials.token(credentials.client("shop", "api-keys:write secrets:read orders:read"));

    HttpResponse<String> minted = credentials.createKey(caller, "shop", List.of("secrets:read"));
    HttpResponse<String> exchanged = credentials.exchange(Credentials.json(minted).getString("key"));

    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    assertThat(Credentials.json(exchanged).getString("scope")).isEqualTo("secrets:read");
  }

  @Test
  void patching_a_key_to_scopes_the_caller_lacks_is_refused_and_leaves_the_key_as_it_was() {
    String caller = credentials.token(credentials.client("shop", "api-keys:write orders:read"));
    String id = Credentials.json(credentials.createKey(caller, "shop", List.of("orders:read"))).getString("id");

    HttpResponse<String> widened = server.send("PATCH", "/v1/tenants/shop/api-keys/" + id, caller, "{\"scopes\":[\"orders:read\",\"secrets:read\"]}",
        "Content-Type", "application/json");

    assertRefused(widened, 403, "insufficient_scope");
    assertThat(Credentials.json(server.send("GET", "/v1/tenants/shop/api-keys/" + id, ADMIN, null)).getJsonArray("scopes")).containsExactly("orders:read");
  }

  @Test
  void a_narrow_caller_cannot_extend_or_rotate_a_key_that_holds_more_than_it_does_but_may_revoke_it() {
    String id = Credentials.json(credentials.createKey(ADMIN, "shop", List.of("secrets:read"))).getString("id");
    String narrow = credentials.token(credentials.client("shop", "api-keys:write"));

    HttpResponse<String> extended = server.send("PATCH", "/v1/tenants/shop/api-keys/" + id, narrow, "{\"expires_at\":null,\"allowed_origins\":[]}",
        "Content-Type", "application/json");
    HttpResponse<String> rotated = server.send("POST", "/v1/tenants/shop/api-keys/" + id + "/rotate", narrow, null);
    HttpResponse<String> revoked = server.send("DELETE", "/v1/tenants/shop/api-keys/" + id, narrow, null);

    assertRefused(extended, 403, "insufficient_scope");
    assertRefused(rotated, 403, "insufficient_scope");
    assertThat(rotated.body()).doesNotContain("\"key\"");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
  }

  @Test
  void a_caller_of_another_tenant_cannot_mint_keys_here() {
    String other = credentials.token(credentials.client("other", "api-keys:write secrets:read"));

    assertRefused(credentials.createKey(other, "shop", List.of("secrets:read")), 403, "forbidden");
  }

  // ------------------------------------------------------------------ path 2: RFC 7592 self-management

  private static JsonObject confidential(String scope) {
    return new JsonObject().put("client_name", "svc").put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "client_secret_basic").put("scope", scope).put("tenant", "shop");
  }

  private static HttpResponse<String> selfUpdate(Credentials.Client client, JsonObject metadata) {
    return server.send("PUT", "/oauth/register/" + client.id(), client.registrationToken(), metadata.copy().put("client_id", client.id()).encode(),
        "Content-Type", "application/json");
  }

  private static void assertMetadataRefused(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_client_metadata");
  }

  @Test
  void rfc7592_a_client_cannot_widen_its_own_scope_and_so_cannot_get_a_wider_token() {
    Credentials.Client client = credentials.register(confidential("orders:read"));

    HttpResponse<String> widened = selfUpdate(client, confidential("orders:read secrets:read secrets:write"));

    assertMetadataRefused(widened);
    HttpResponse<String> token = credentials.tokenRequest("grant_type=client_credentials&scope=secrets%3Aread", client);
    assertThat(token.statusCode()).isEqualTo(400);
    assertThat(Credentials.json(token).getString("error")).isEqualTo("invalid_scope");
  }

  @Test
  void rfc7592_a_client_cannot_add_grant_types() {
    Credentials.Client client = credentials.register(confidential("orders:read"));

    assertMetadataRefused(selfUpdate(client, confidential("orders:read").put("grant_types", new JsonArray().add("client_credentials").add("authorization_code"))
        .put("redirect_uris", new JsonArray().add("https://app.example.com/cb"))));
  }

  @Test
  void rfc7592_a_client_cannot_switch_its_authentication_method() {
    Credentials.Client client = credentials.register(confidential("orders:read"));

    assertMetadataRefused(selfUpdate(client, confidential("orders:read").put("token_endpoint_auth_method", "private_key_jwt")
        .put("jwks_uri", "https://attacker.example.com/jwks.json")));
    assertMetadataRefused(selfUpdate(client, confidential("orders:read").put("token_endpoint_auth_method", "client_secret_post")));
  }

  @Test
  void rfc7592_a_client_cannot_point_its_jwks_uri_elsewhere_but_may_rotate_inline_keys() {
    JsonObject byUri = confidential("orders:read").put("token_endpoint_auth_method", "private_key_jwt").put("jwks_uri", "https://keys.example.com/jwks.json");
    JsonObject inline = confidential("orders:read").put("token_endpoint_auth_method", "private_key_jwt").put("jwks", jwks("key-1"));
    Credentials.Client remote = credentials.register(byUri);
    Credentials.Client local = credentials.register(inline);

    assertMetadataRefused(selfUpdate(remote, byUri.copy().put("jwks_uri", "https://attacker.example.com/jwks.json")));
    assertMetadataRefused(selfUpdate(local, confidential("orders:read").put("token_endpoint_auth_method", "private_key_jwt")
        .put("jwks_uri", "https://attacker.example.com/jwks.json")));
    HttpResponse<String> rotated = selfUpdate(local, inline.copy().put("jwks", jwks("key-2")));
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(Credentials.json(rotated).getJsonObject("jwks").encode()).contains("key-2");
  }

  @Test
  void rfc7592_a_client_cannot_add_redirect_uris() {
    JsonObject web = new JsonObject().put("grant_types", new JsonArray().add("authorization_code")).put("token_endpoint_auth_method", "client_secret_basic")
        .put("redirect_uris", new JsonArray().add("https://app.example.com/cb")).put("tenant", "shop");
    Credentials.Client client = credentials.register(web);

    assertMetadataRefused(selfUpdate(client, web.copy().put("redirect_uris", new JsonArray().add("https://app.example.com/cb").add("https://evil.example.com/cb"))));
  }

  @Test
  void rfc7592_a_client_may_narrow_itself_rename_itself_and_widen_back_up_to_the_approval() {
    Credentials.Client client = credentials.register(confidential("orders:read orders:write"));

    HttpResponse<String> narrowed = selfUpdate(client, confidential("orders:read").put("client_name", "renamed"));
    HttpResponse<String> back = selfUpdate(client, confidential("orders:read orders:write"));

    assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
    assertThat(Credentials.json(narrowed).getString("client_name")).isEqualTo("renamed");
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(Credentials.json(back).getString("scope")).isEqualTo("orders:read orders:write");
  }

  @Test
  void the_admin_may_widen_a_client_and_that_becomes_the_new_ceiling() {
    Credentials.Client client = credentials.register(confidential("orders:read"));

    HttpResponse<String> widened = server.send("PUT", "/oauth/register/" + client.id(), ADMIN,
        confidential("orders:read reports:read").put("client_id", client.id()).encode(), "Content-Type", "application/json");
    HttpResponse<String> narrowed = selfUpdate(client, confidential("reports:read"));

    assertThat(widened.statusCode()).as(widened.body()).isEqualTo(200);
    assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
    assertThat(credentials.tokenRequest("grant_type=client_credentials&scope=reports%3Aread", client).statusCode()).isEqualTo(200);
  }

  @Test
  void a_client_access_token_cannot_manage_another_client() {
    Credentials.Client victim = credentials.register(confidential("orders:read"));
    String attacker = credentials.token(credentials.client("shop", "api-keys:write"));

    HttpResponse<String> takeover = server.send("PUT", "/oauth/register/" + victim.id(), attacker,
        confidential("orders:read secrets:read").put("client_id", victim.id()).encode(), "Content-Type", "application/json");
    HttpResponse<String> deleted = server.send("DELETE", "/oauth/register/" + victim.id(), attacker, null);

    assertThat(takeover.statusCode()).as(takeover.body()).isEqualTo(403);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(403);
    assertThat(server.send("GET", "/oauth/register/" + victim.id(), victim.registrationToken(), null).statusCode()).isEqualTo(200);
  }

  private static JsonObject jwks(String kid) {
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", kid)
        .put("x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU").put("y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")));
  }
}
