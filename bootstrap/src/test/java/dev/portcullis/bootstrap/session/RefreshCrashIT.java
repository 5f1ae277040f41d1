package dev.portcullis.bootstrap.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.JarProcess;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while refresh grants rotate on Postgres, many to a commit (RefreshRotations): a rotation is answered
 * only after the commit that covers it, so every refresh token a client was given survives the kill, and a
 * rotation that committed but whose answer the kill cut off is answered again — the same answer — when the
 * client retries within the grace window on the restarted node. Nothing a client holds is lost, and no
 * session is revoked for a retry.
 */
class RefreshCrashIT {
  private static final String ADMIN = "refresh-crash-it-admin-token-0123456789ab";
  private static final int CHAINS = 24;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void every_refresh_token_handed_out_survives_kill_9_and_one_whose_answer_was_cut_off_is_answered_again() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    TestPostgres database = TestPostgres.get().freshDatabase("refresh_crash");
    try (UpstreamIdp idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", base + "/oauth/callback", "UPSTREAM_ACCESS_TOKEN_TTL", "3600"))) {
      String[] env = {"PORTCULLIS_HTTP_HOST", "127.0.0.1", "PORTCULLIS_HTTP_PORT", Integer.toString(port), "PORTCULLIS_ADMIN_TOKEN", ADMIN,
          "PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8(), "PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + database.port()
          + "/" + database.database(), "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(), "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker",
          "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret", "PORTCULLIS_SESSION_STORE", "postgres", "PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS", "60",
          "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "0"};
      AtomicReferenceArray<String> handedOut = new AtomicReferenceArray<>(CHAINS); // each chain's newest refresh token a client was given
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger cutOff = new AtomicInteger();
      List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
      String clientId;
      try (JarProcess first = JarProcess.start("serve", env)) {
        awaitReady(base, first);
        HttpResponse<String> registered = post(base + "/oauth/register", BrokerNodes.spaClient().encode(), "application/json", ADMIN);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        clientId = new JsonObject(registered.body()).getString("client_id");
        for (int i = 0; i < CHAINS; i++) {
          handedOut.set(i, BrokerNodes.login(base, clientId).getString("refresh_token"));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CHAINS);
        String client = clientId;
        for (int c = 0; c < CHAINS; c++) {
          int chain = c;
          clients.submit(() -> {
            while (running.get()) {
              HttpResponse<String> refreshed;
              try {
                refreshed = refresh(base, client, handedOut.get(chain));
              } catch (Exception killed) {
                cutOff.incrementAndGet(); // no answer: the rotation may or may not have committed
                return null;
              }
              if (refreshed.statusCode() != 200) {
                refused.add(refreshed.statusCode() + " " + refreshed.body());
                return null;
              }
              handedOut.set(chain, new JsonObject(refreshed.body()).getString("refresh_token"));
              answered.incrementAndGet();
            }
            return null;
          });
        }
        Thread.sleep(2_000);
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        first.process.waitFor(10, TimeUnit.SECONDS);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(refused).as("before the kill every refresh succeeded").isEmpty();
      assertThat(answered.get()).as("rotations ran before the kill").isGreaterThan(100);
      assertThat(cutOff.get()).as("the kill cut requests off mid-flight").isPositive();

      try (JarProcess second = JarProcess.start("serve", env)) {
        awaitReady(base, second);
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
          HttpResponse<String> again = refresh(base, clientId, handedOut.get(i));
          if (again.statusCode() != 200) {
            lost.add("chain " + i + ": " + again.statusCode() + " " + again.body());
            continue;
          }
          HttpResponse<String> next = refresh(base, clientId, new JsonObject(again.body()).getString("refresh_token"));
          if (next.statusCode() != 200) {
            lost.add("chain " + i + " after the retry: " + next.statusCode() + " " + next.body());
          }
        }
        assertThat(lost).as("every chain goes on from the last refresh token its client was given").isEmpty();
      }
    }
  }

  private static HttpResponse<String> refresh(String base, String clientId, String refreshToken) throws Exception {
    return post(base + "/oauth/token", "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + refreshToken,
        "application/x-www-form-urlencoded", null);
  }

  private static HttpResponse<String> post(String url, String body, String type, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitReady(String base, JarProcess jar) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      assertThat(jar.process.isAlive()).as(jar.output()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("not ready:\n" + jar.output());
  }
}
