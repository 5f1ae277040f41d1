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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: two {@code serve} nodes of one deployment (one database, one Redis prefix, one root key,
 * node A's issuer) with the session broker on, the real upstream ({@link UpstreamIdp}) behind them, and an
 * SPA client registered. Logs in with redirects only and races refresh grants over both nodes.
 */
final class BrokerNodes implements AutoCloseable {
  private static final String ADMIN = "broker-nodes-it-admin-token-0123456789ab";
  private static final String SPA_REDIRECT = "http://127.0.0.1:7777/callback";
  private static final String VERIFIER = "verifier-" + "y".repeat(50);
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final Duration RACE_BOUND = Duration.ofSeconds(60);
  private final UpstreamIdp idp;
  private final DevServer nodeA;
  private final DevServer nodeB;
  private final String clientId;

  private BrokerNodes(UpstreamIdp idp, DevServer nodeA, DevServer nodeB, String clientId) {
    this.idp = idp;
    this.nodeA = nodeA;
    this.nodeB = nodeB;
    this.clientId = clientId;
  }

  /**
   * @param store {@code postgres} or {@code redis} (PORTCULLIS_SESSION_STORE)
   * @param graceSeconds PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS
   * @param upstreamAccessTtlSeconds how long the upstream's access tokens live (renewal is due at half of it)
   */
  static BrokerNodes start(String store, int graceSeconds, int upstreamAccessTtlSeconds) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    UpstreamIdp idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/callback",
        "UPSTREAM_ACCESS_TOKEN_TTL", Integer.toString(upstreamAccessTtlSeconds)));
    DevServer a = null;
    try {
      TestPostgres database = TestPostgres.get().freshDatabase("broker_nodes");
      String[] broker = {"PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8(), "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(),
          "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret",
          "PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS", Integer.toString(graceSeconds), "PORTCULLIS_SESSION_STORE", store};
      a = DevServer.serveOn(database, ADMIN, concat(broker, "PORTCULLIS_HTTP_PORT", Integer.toString(port)));
      DevServer b = DevServer.serveOn(database, ADMIN, concat(broker, "PORTCULLIS_ISSUER", a.issuer()));
      HttpResponse<String> registered = a.send("POST", "/oauth/register", ADMIN, spaClient().encode());
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      return new BrokerNodes(idp, a, b, new JsonObject(registered.body()).getString("client_id"));
    } catch (Exception | Error e) {
      if (a != null) {
        a.close();
      }
      idp.close();
      throw e;
    }
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  DevServer nodeA() {
    return nodeA;
  }

  DevServer nodeB() {
    return nodeB;
  }

  private static String location(String url) throws Exception {
    return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location")
        .orElseThrow();
  }

  /** authorize (node A) → upstream → callback → code exchange: the token response (access_token, refresh_token, expires_in). */
  JsonObject login() throws Exception {
    return login(nodeA.url(""), clientId);
  }

  /** The redirects-only login at the node serving {@code base} (its http://host:port) for a client registered with {@link #spaClient()}. */
  static JsonObject login(String base, String clientId) throws Exception {
    String toUpstream = location(base + "/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
        + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&code_challenge=" + Pkce.challengeOf(VERIFIER) + "&code_challenge_method=S256&state=s");
    String toSpa = location(location(toUpstream));
    String code = URLDecoder.decode(toSpa.replaceAll(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    HttpResponse<String> exchanged = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id="
            + clientId + "&code=" + code + "&redirect_uri=" + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&code_verifier=" + VERIFIER))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    return new JsonObject(exchanged.body());
  }

  /** The SPA client's registration: public, authorization_code and refresh_token, tenant {@code shop}. */
  static JsonObject spaClient() {
    return new JsonObject().put("grant_types", new JsonArray().add("authorization_code").add("refresh_token"))
        .put("response_types", new JsonArray().add("code")).put("redirect_uris", new JsonArray().add(SPA_REDIRECT))
        .put("token_endpoint_auth_method", "none").put("scope", "openid").put("tenant", "shop");
  }

  HttpResponse<String> refresh(DevServer node, String refreshToken) {
    return node.send("POST", "/oauth/token", null, "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refreshToken,
        "Content-Type", "application/x-www-form-urlencoded");
  }

  /**
   * {@code ways} refresh grants with one refresh token, alternately on node A and node B, each on its own
   * platform thread, released together by a start gate once every thread is ready; the answers in thread
   * order. Bounded: fails after {@link #RACE_BOUND} instead of hanging.
   */
  List<HttpResponse<String>> race(int ways, String refreshToken) throws Exception {
    CountDownLatch ready = new CountDownLatch(ways);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(ways);
    try {
      for (int i = 0; i < ways; i++) {
        DevServer node = i % 2 == 0 ? nodeA : nodeB;
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!go.await(RACE_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the start gate never opened");
          }
          return refresh(node, refreshToken);
        }));
      }
      assertThat(ready.await(RACE_BOUND.toSeconds(), TimeUnit.SECONDS)).as("all %d racers ready", ways).isTrue();
      go.countDown();
      long deadline = System.nanoTime() + RACE_BOUND.toNanos();
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> future : futures) {
        answers.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** How many token requests (code exchanges and refreshes) the upstream has answered. */
  int upstreamTokenRequests() {
    JsonObject state = new JsonObject(idp.state());
    Object token = state.getJsonObject("requests", state.getJsonObject("counts", new JsonObject())).getValue("token");
    return token instanceof Number n ? n.intValue() : 0;
  }

  @Override
  public void close() {
    try {
      nodeB.close();
      nodeA.close();
    } finally {
      idp.close();
    }
  }
}
