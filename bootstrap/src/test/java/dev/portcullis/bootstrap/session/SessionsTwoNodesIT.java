package dev.portcullis.bootstrap.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Two broker nodes on one Postgres and Redis, the real upstream behind them, with the session store on
 * Postgres (here) and on Redis ({@link SessionsTwoNodesRedisIT}): parallel refreshes with one
 * refresh token, spread over both nodes, all needing an upstream renewal, make exactly one rotation and
 * exactly one upstream token request.
 */
class SessionsTwoNodesIT {
  private static final String ADMIN = "sessions-two-nodes-it-admin-token-012345";
  private static final String SPA_REDIRECT = "http://127.0.0.1:7777/callback";
  private static final String VERIFIER = "verifier-" + "y".repeat(50);
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static UpstreamIdp idp;
  private static DevServer nodeA;
  private static DevServer nodeB;
  private static String clientId;

  @BeforeAll
  static void start(org.junit.jupiter.api.TestInfo test) throws Exception {
    String store = test.getTestClass().orElseThrow().getSimpleName().endsWith("RedisIT") ? "redis" : "postgres";
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/callback", "UPSTREAM_ACCESS_TOKEN_TTL", "4"));
    TestPostgres database = TestPostgres.get().freshDatabase("sessions_two_nodes");
    String rootKey = RootKeys.generate().revealUtf8();
    String[] broker = {"PORTCULLIS_ROOT_KEY", rootKey, "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(), "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker",
        "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret", "PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS", "30",
        "PORTCULLIS_SESSION_STORE", store};
    nodeA = DevServer.serveOn(database, ADMIN, concat(broker, "PORTCULLIS_HTTP_PORT", Integer.toString(port)));
    nodeB = DevServer.serveOn(database, ADMIN, concat(broker, "PORTCULLIS_ISSUER", nodeA.issuer()));
    JsonObject spa = new JsonObject().put("grant_types", new JsonArray().add("authorization_code").add("refresh_token"))
        .put("response_types", new JsonArray().add("code")).put("redirect_uris", new JsonArray().add(SPA_REDIRECT))
        .put("token_endpoint_auth_method", "none").put("scope", "openid").put("tenant", "shop");
    clientId = new JsonObject(nodeA.send("POST", "/oauth/register", ADMIN, spa.encode()).body()).getString("client_id");
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @AfterAll
  static void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  private static String location(String url) throws Exception {
    return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
  }

  private static int upstreamTokenRequests() {
    JsonObject state = new JsonObject(idp.state());
    Object token = state.getJsonObject("requests", state.getJsonObject("counts", new JsonObject())).getValue("token");
    return token instanceof Number n ? n.intValue() : 0;
  }

  @Test
  void parallel_refreshes_across_two_nodes_rotate_once_and_renew_upstream_once() throws Exception {
    String toUpstream = location(nodeA.url("/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
        + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&code_challenge=" + Pkce.challengeOf(VERIFIER) + "&code_challenge_method=S256&state=s"));
    String toSpa = location(location(toUpstream));
    String code = URLDecoder.decode(toSpa.replaceAll(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    HttpResponse<String> exchanged = nodeA.send("POST", "/oauth/token", null, "grant_type=authorization_code&client_id=" + clientId + "&code=" + code
        + "&redirect_uri=" + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&code_verifier=" + VERIFIER, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    String refreshToken = new JsonObject(exchanged.body()).getString("refresh_token");
    Thread.sleep(2_100); // half of the 4 s upstream token's life: renewal is due
    int before = upstreamTokenRequests();

    int threads = 12;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        DevServer node = i % 2 == 0 ? nodeA : nodeB;
        results.add(pool.submit(() -> {
          start.await();
          return node.send("POST", "/oauth/token", null, "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refreshToken,
              "Content-Type", "application/x-www-form-urlencoded");
        }));
      }
    }

    List<String> successors = new ArrayList<>();
    for (Future<HttpResponse<String>> result : results) {
      HttpResponse<String> response = result.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      successors.add(new JsonObject(response.body()).getString("refresh_token"));
    }
    assertThat(successors).as("one rotation; the rest got the same successor within the grace window").containsOnly(successors.get(0));
    assertThat(upstreamTokenRequests() - before).as("exactly one upstream refresh for the session, across both nodes").isEqualTo(1);
  }
}
