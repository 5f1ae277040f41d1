package dev.portcullis.bootstrap.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token vault end to end against the real OpenID provider (../shared/upstream-idp), on two serve
 * nodes sharing Postgres and Redis: authorization code + PKCE with redirects only, the token on request,
 * refresh ahead of expiry (upstream access tokens live 35 s, the buffer is 30 s), 50 parallel callers
 * over two nodes sharing one upstream refresh, an upstream outage, revocation on delete.
 */
class ConnectionsServeIT {
  private static final String ADMIN = "connections-serve-it-admin-token-0123456789";
  private static final String RETURN = "http://127.0.0.1:7777/connected";
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final List<String> tokensSeen = new ArrayList<>();
  private static LogCapture logs;
  private static DevServer.Pair nodes;
  private static UpstreamIdp idp;
  private static String providerId;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    nodes = DevServer.twoNodesWith(ADMIN, "connections", DevServer.LOOPBACK_PROVIDERS, "PORTCULLIS_CONNECT_REFRESH_BUFFER_SECONDS", "30");
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", nodes.a().issuer() + "/v1/connect/callback", "UPSTREAM_ACCESS_TOKEN_TTL", "35"));
    JsonObject provider = new JsonObject().put("name", "upstream-idp").put("issuer", idp.issuer()).put("client_id", "broker")
        .put("client_secret", "broker-secret").put("token_endpoint_auth_method", "client_secret_basic")
        .put("scopes", new JsonArray().add("openid").add("email").add("offline_access"))
        .put("grant_types", new JsonArray().add("authorization_code").add("refresh_token")).put("return_urls", new JsonArray().add(RETURN));
    HttpResponse<String> created = nodes.a().send("POST", "/v1/tenants/acme/providers", ADMIN, provider.encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject body = new JsonObject(created.body());
    assertThat(body.containsKey("client_secret")).isFalse();
    assertThat(body.getBoolean("client_secret_set")).isTrue();
    assertThat(body.getString("redirect_uri")).isEqualTo(nodes.a().issuer() + "/v1/connect/callback");
    providerId = body.getString("id");
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
    if (idp != null) {
      idp.close();
    }
    logs.close();
    String text = logs.text();
    tokensSeen.forEach(token -> assertThat(text).as("a provider token in the logs").doesNotContain(token));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> query(String location) {
    return dev.portcullis.testsupport.QueryString.of(location);
  }

  /** POST .../authorize, then the browser: provider (login_hint=bob) → our callback → the return URL. */
  private static String connect() throws Exception {
    HttpResponse<String> started = nodes.a().send("POST", "/v1/tenants/acme/providers/" + providerId + "/authorize", ADMIN,
        new JsonObject().put("return_url", RETURN).put("login_hint", "bob").encode());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    JsonObject authorization = new JsonObject(started.body());
    Map<String, String> sent = query(authorization.getString("authorization_url"));
    assertThat(sent).containsEntry("code_challenge_method", "S256").containsKey("code_challenge").containsKey("nonce")
        .containsEntry("state", authorization.getString("state")).containsEntry("login_hint", "bob");
    HttpResponse<String> atProvider = get(authorization.getString("authorization_url"));
    assertThat(atProvider.statusCode()).as(atProvider.body()).isIn(302, 303);
    HttpResponse<String> callback = get(atProvider.headers().firstValue("Location").orElseThrow());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    String back = callback.headers().firstValue("Location").orElseThrow();
    assertThat(back).startsWith(RETURN);
    Map<String, String> result = query(back);
    assertThat(result).containsEntry("state", authorization.getString("state")).doesNotContainKey("error");
    return result.get("connection_id");
  }

  private static HttpResponse<String> token(DevServer node, String connectionId) {
    HttpResponse<String> response = node.send("GET", "/v1/tenants/acme/connections/" + connectionId + "/token", ADMIN, null);
    if (response.statusCode() == 200) {
      synchronized (tokensSeen) {
        tokensSeen.add(new JsonObject(response.body()).getString("access_token"));
      }
    }
    return response;
  }

  private static int upstreamRequests(String endpoint) {
    JsonObject state = new JsonObject(idp.state());
    JsonObject counts = state.getJsonObject("requests", state.getJsonObject("counts", new JsonObject()));
    return counts.getValue(endpoint) instanceof Number n ? n.intValue() : 0;
  }

  @Test
  void authorization_code_with_pkce_connects_and_the_token_is_refreshed_ahead_of_expiry() throws Exception {
    String connectionId = connect();

    JsonObject connection = new JsonObject(nodes.b().send("GET", "/v1/tenants/acme/connections/" + connectionId, ADMIN, null).body());
    assertThat(connection.getString("status")).isEqualTo("active");
    assertThat(connection.getString("subject")).isEqualTo("bob");
    assertThat(connection.encode()).doesNotContain("access_token\"").doesNotContain("refresh_token");
    int before = upstreamRequests("token");
    HttpResponse<String> first = token(nodes.a(), connectionId);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(upstreamRequests("token")).as("35 s left is outside the 30 s buffer: no refresh").isEqualTo(before);

    Thread.sleep(6_000); // now inside the buffer
    HttpResponse<String> second = token(nodes.b(), connectionId);

    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(upstreamRequests("token")).as("refreshed once").isEqualTo(before + 1);
    assertThat(new JsonObject(second.body()).getString("access_token")).isNotEqualTo(new JsonObject(first.body()).getString("access_token"));
    assertThat(new JsonObject(second.body()).getLong("expires_in")).isGreaterThan(30);
  }

  @Test
  void oidc_core_5_3_userinfo_through_the_connection_returns_the_users_claims_from_the_real_provider() throws Exception {
    String connectionId = connect();
    int before = upstreamRequests("userinfo");

    HttpResponse<String> userinfo = nodes.b().send("GET", "/v1/tenants/acme/connections/" + connectionId + "/userinfo", ADMIN, null);
    HttpResponse<String> anonymous = nodes.b().send("GET", "/v1/tenants/acme/connections/" + connectionId + "/userinfo", null, null);
    HttpResponse<String> elsewhere = nodes.b().send("GET", "/v1/tenants/globex/connections/" + connectionId + "/userinfo", ADMIN, null);

    assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
    assertThat(userinfo.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject claims = new JsonObject(userinfo.body());
    assertThat(claims.getString("sub")).isEqualTo("bob");
    assertThat(claims.getString("email")).as("the email scope the connection was granted").isNotBlank();
    assertThat(upstreamRequests("userinfo")).isEqualTo(before + 1);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(elsewhere.body() + anonymous.body()).doesNotContain("bob");
  }

  @Test
  void fifty_parallel_token_calls_over_two_nodes_on_an_expiring_connection_make_exactly_one_upstream_refresh() throws Exception {
    String connectionId = connect();
    Thread.sleep(6_000);
    int before = upstreamRequests("token");
    CyclicBarrier start = new CyclicBarrier(50);
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
      for (int i = 0; i < 50; i++) {
        DevServer node = i % 2 == 0 ? nodes.a() : nodes.b();
        calls.add(pool.submit(() -> {
          start.await();
          return token(node, connectionId);
        }));
      }
      List<String> accessTokens = new ArrayList<>();
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        accessTokens.add(new JsonObject(response.body()).getString("access_token"));
      }
      assertThat(upstreamRequests("token") - before).as("one refresh for 50 callers on two nodes").isEqualTo(1);
      assertThat(accessTokens.stream().distinct().count()).as("everyone got the renewed token").isEqualTo(1);
    }
  }

  @Test
  void an_upstream_outage_during_a_proactive_refresh_hands_out_the_still_valid_token_and_keeps_the_refresh_token() throws Exception {
    String connectionId = connect();
    Thread.sleep(6_000);
    idp.fail("token_500", null, null);
    HttpResponse<String> during;
    try {
      during = token(nodes.a(), connectionId);
    } finally {
      idp.reset();
    }
    // the stored access token still had ~29 s: a failed proactive refresh hands it out rather than failing the caller
    assertThat(during.statusCode()).as(during.body()).isEqualTo(200);

    HttpResponse<String> after = token(nodes.b(), connectionId);
    assertThat(after.statusCode()).as("the refresh token survived: " + after.body()).isEqualTo(200);
    assertThat(new JsonObject(after.body()).getLong("expires_in")).isGreaterThan(30);
  }

  @Test
  void deleting_a_connection_revokes_at_the_provider_and_unknown_states_are_a_400_page() throws Exception {
    String connectionId = connect();
    int revocations = upstreamRequests("revocation");

    HttpResponse<String> deleted = nodes.b().send("DELETE", "/v1/tenants/acme/connections/" + connectionId, ADMIN, null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(upstreamRequests("revocation")).as("RFC 7009 at the provider").isEqualTo(revocations + 1);
    assertThat(token(nodes.a(), connectionId).statusCode()).isEqualTo(404);
    HttpResponse<String> forged = get(nodes.a().url("/v1/connect/callback?state=forged&code=x"));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.headers().firstValue("Location")).isEmpty();
    HttpResponse<String> audit = nodes.a().send("GET", "/v1/tenants/acme/audit?limit=100", ADMIN, null);
    assertThat(audit.body()).contains("connection.create").contains("connection.revoke").contains("connection.delete");
    tokensSeen.forEach(token -> assertThat(audit.body()).doesNotContain(token));
  }

  @Test
  void a_return_url_not_registered_for_the_provider_is_refused() {
    HttpResponse<String> refused = nodes.a().send("POST", "/v1/tenants/acme/providers/" + providerId + "/authorize", ADMIN,
        new JsonObject().put("return_url", "https://evil.example.com/steal").encode());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("return_url");
    assertThat(nodes.a().send("POST", "/v1/tenants/acme/providers/" + providerId + "/authorize", null, "{}").statusCode()).isEqualTo(401);
  }
}
