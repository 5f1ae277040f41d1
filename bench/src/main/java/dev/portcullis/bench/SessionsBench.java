package dev.portcullis.bench;

import dev.portcullis.domain.session.Pkce;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code bench/run.sh sessions}: the BFF refresh grant (rotate the refresh token, keep its sealed
 * successor for the grace window, sign a BFF JWT) with the session store on Postgres and on Redis,
 * beside {@code GET /health/live} of the same server in the same run. Sessions are real: each client
 * logs in through the real upstream IdP ({@code ../shared/upstream-idp}) first; upstream tokens live
 * 300 s, so no refresh in the timed window calls the upstream.
 */
final class SessionsBench {
  private static final PrintStream out = System.out;
  private static final String SPA = "http://127.0.0.1:7777/callback";
  private static final String VERIFIER = "bench-verifier-" + "v".repeat(40);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

  private SessionsBench() {}

  static void run(int concurrency, Duration duration) throws Exception {
    int portPg = freePort();
    int portRedis = freePort();
    try (UpstreamIdp idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS",
        "http://127.0.0.1:" + portPg + "/oauth/callback,http://127.0.0.1:" + portRedis + "/oauth/callback"))) {
      out.printf(Locale.ROOT, "%n== BFF refresh grant: %d concurrent clients (one session each), %d s per run, 2-core machine shared by server and load ==%n",
          concurrency, duration.toSeconds());
      out.printf(Locale.ROOT, "%-44s %10s %9s %9s %12s%n", "run", "ops/s", "p50 ms", "p99 ms", "vs live");
      for (String store : List.of("postgres", "redis")) {
        measure(store, store.equals("postgres") ? portPg : portRedis, idp, concurrency, duration);
      }
    }
  }

  private static void measure(String store, int port, UpstreamIdp idp, int concurrency, Duration duration) throws Exception {
    try (BenchServer server = new BenchServer(Map.of("PORTCULLIS_HTTP_PORT", Integer.toString(port), "PORTCULLIS_SESSION_STORE", store,
        "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(), "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret"))) {
      String base = server.base();
      String clientId = new JsonObject(send(HttpRequest.newBuilder(URI.create(base + "/oauth/register")).header("Authorization", "Bearer " + BenchServer.ADMIN)
          .POST(HttpRequest.BodyPublishers.ofString("{\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
              + "\"redirect_uris\":[\"" + SPA + "\"],\"token_endpoint_auth_method\":\"none\",\"scope\":\"openid\",\"tenant\":\"bench\"}")).build()).body())
          .getString("client_id");
      BlockingQueue<String> refreshTokens = new LinkedBlockingQueue<>();
      for (int i = 0; i < concurrency; i++) {
        refreshTokens.add(login(base, clientId));
      }
      Load.Result live = Load.run(concurrency, duration, () -> Load.expectOk(HTTP, HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), 200));
      Load.Result refresh = Load.run(concurrency, duration, () -> refresh(base, clientId, refreshTokens));
      Load.print("baseline: GET /health/live (" + store + " node)", live, live);
      Load.print("refresh_token grant, session store " + store, refresh, live);
    }
  }

  /** One refresh: takes a current token of some session, rotates it, puts the successor back (a lost token loses that session). */
  private static void refresh(String base, String clientId, BlockingQueue<String> refreshTokens) {
    String current;
    try {
      current = refreshTokens.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + current)).build());
    if (response.statusCode() != 200) {
      refreshTokens.add(current);
      throw new IllegalStateException("refresh -> " + response.statusCode());
    }
    refreshTokens.add(new JsonObject(response.body()).getString("refresh_token"));
  }

  /** authorize → upstream (redirects only) → callback → code exchange: the session's first refresh token. */
  private static String login(String base, String clientId) {
    String authorize = base + "/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + URLEncoder.encode(SPA, StandardCharsets.UTF_8)
        + "&code_challenge=" + Pkce.challengeOf(VERIFIER) + "&code_challenge_method=S256&state=s&scope=openid";
    String location = authorize;
    for (int hop = 0; hop < 3; hop++) {
      location = send(HttpRequest.newBuilder(URI.create(location)).build()).headers().firstValue("Location").orElseThrow();
    }
    String code = URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    HttpResponse<String> tokens = send(HttpRequest.newBuilder(URI.create(base + "/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId + "&code=" + code + "&redirect_uri="
            + URLEncoder.encode(SPA, StandardCharsets.UTF_8) + "&code_verifier=" + VERIFIER)).build());
    return new JsonObject(tokens.body()).getString("refresh_token");
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }


  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
