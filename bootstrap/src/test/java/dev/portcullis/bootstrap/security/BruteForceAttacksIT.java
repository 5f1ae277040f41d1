package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Brute force and cost amplification (issue 12, path 7) on two serve nodes sharing Redis: guessing
 * client secrets, admin tokens and API keys hits 429 with Retry-After; the count is shared by the nodes;
 * and an attacker guessing from many addresses never locks the legitimate client out. Each "address" is a
 * real source address on loopback (127.0.0.x), so the server sees them as different peers.
 */
class BruteForceAttacksIT {
  private static final String ADMIN = "brute-force-attacks-it-admin-token-0123456";
  private static DevServer.Pair nodes;
  private static Credentials credentials;

  @BeforeAll
  static void start() {
    String[] limits = {"PORTCULLIS_AUTH_FAILURES_PER_SOURCE", "5", "PORTCULLIS_AUTH_FAILURES_PER_CREDENTIAL", "12", "PORTCULLIS_AUTH_FAILURE_WINDOW_SECONDS", "300"};
    nodes = DevServer.twoNodesWith(ADMIN, "brute_force", limits);
    credentials = new Credentials(nodes.a(), ADMIN);
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  private static HttpClient from(int lastOctet) {
    try {
      return HttpClient.newBuilder().localAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet})).connectTimeout(Duration.ofSeconds(2)).build();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(HttpClient client, DevServer node, HttpRequest.Builder request) throws Exception {
    return client.send(request.uri(URI.create(node.url(request.build().uri().getPath()))).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> tokenWithSecret(HttpClient client, DevServer node, String clientId, String secret) throws Exception {
    String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
    return send(client, node, HttpRequest.newBuilder(URI.create("http://x/oauth/token")).header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
  }

  @Test
  void guessing_a_client_secret_is_throttled_per_source_and_the_count_is_shared_by_the_nodes() throws Exception {
    Credentials.Client victim = credentials.client("acme", "orders:read");
    HttpClient attacker = from(2);

    for (int i = 0; i < 5; i++) {
      assertThat(tokenWithSecret(attacker, nodes.a(), victim.id(), "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttledOnA = tokenWithSecret(attacker, nodes.a(), victim.id(), victim.secret());
    HttpResponse<String> firstOnB = tokenWithSecret(attacker, nodes.b(), victim.id(), "guess-on-b");
    HttpResponse<String> throttledOnB = tokenWithSecret(attacker, nodes.b(), victim.id(), victim.secret());

    assertThat(throttledOnA.statusCode()).as("even the right secret waits: the source is throttled").isEqualTo(429);
    assertThat(throttledOnA.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).as("at most two windows: the sliding estimate counts the last one too").isBetween(1L, 600L));
    assertThat(new JsonObject(throttledOnA.body()).getString("error")).isEqualTo("too_many_requests");
    assertThat(firstOnB.statusCode()).as("node B had seen no failure of its own: one more try").isEqualTo(401);
    assertThat(throttledOnB.statusCode()).as("then node B consults the shared count").isEqualTo(429);
    assertThat(tokenWithSecret(from(1), nodes.a(), victim.id(), victim.secret()).statusCode()).as("the victim, from its own address").isEqualTo(200);
  }

  @Test
  void guesses_spread_over_many_addresses_are_stopped_at_the_credential_without_locking_out_the_legitimate_client() throws Exception {
    Credentials.Client victim = credentials.client("acme", "orders:read");

    int refused = 0;
    for (int source = 10; source < 20; source++) { // 10 addresses, 3 guesses each: under the per-source limit, over the per-credential one
      HttpClient attacker = from(source);
      for (int i = 0; i < 3; i++) {
        int status = tokenWithSecret(attacker, nodes.a(), victim.id(), "spread-" + source + "-" + i).statusCode();
        assertThat(status).isIn(401, 429);
        refused += status == 429 ? 1 : 0;
      }
    }

    assertThat(refused).as("the credential's limit stops the spread guessing").isPositive();
    assertThat(tokenWithSecret(from(1), nodes.a(), victim.id(), victim.secret()).statusCode()).as("no lockout for the real client").isEqualTo(200);
    assertThat(tokenWithSecret(from(1), nodes.b(), victim.id(), victim.secret()).statusCode()).isEqualTo(200);
  }

  @Test
  void guessing_admin_tokens_and_api_keys_is_throttled_too() throws Exception {
    HttpClient attacker = from(30);
    for (int i = 0; i < 5; i++) {
      send(attacker, nodes.a(), HttpRequest.newBuilder(URI.create("http://x/v1/admin/info")).header("Authorization", "Bearer wrong-admin-token-" + i));
    }
    HttpResponse<String> admin = send(attacker, nodes.a(), HttpRequest.newBuilder(URI.create("http://x/v1/admin/info")).header("Authorization", "Bearer " + ADMIN));

    HttpClient keyGuesser = from(31);
    for (int i = 0; i < 5; i++) {
      String guess = "pcl_" + String.format("%016x", i) + "_" + "0".repeat(64);
      assertThat(send(keyGuesser, nodes.b(), HttpRequest.newBuilder(URI.create("http://x/v1/auth/verify")).header("X-Api-Key", guess)).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> verify = send(keyGuesser, nodes.b(), HttpRequest.newBuilder(URI.create("http://x/v1/auth/verify")).header("X-Api-Key", "pcl_x"));
    HttpResponse<String> metrics = send(from(1), nodes.b(), HttpRequest.newBuilder(URI.create("http://x/metrics")));

    assertThat(admin.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(admin.body()).getJsonObject("error").getString("type")).isEqualTo("too_many_requests");
    assertThat(verify.statusCode()).isEqualTo(429);
    assertThat(metrics.body()).contains("portcullis_auth_throttled_total", "portcullis_auth_failures_total");
  }

  @Test
  void guessing_api_keys_through_rfc8693_token_exchange_is_throttled_although_the_protocol_answers_400() throws Exception {
    HttpClient exchanger = from(32);
    for (int i = 0; i < 5; i++) {
      String guess = "pcl_" + String.format("%016x", 100 + i) + "_" + "1".repeat(64);
      HttpResponse<String> refused = send(exchanger, nodes.a(), exchange(guess));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("invalid_request");
    }
    HttpResponse<String> throttled = send(exchanger, nodes.a(), exchange("pcl_" + "2".repeat(16) + "_" + "2".repeat(64)));

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(throttled.body()).getString("error")).isEqualTo("too_many_requests");
    assertThat(send(from(33), nodes.a(), exchange("pcl_" + "3".repeat(16) + "_" + "3".repeat(64))).statusCode()).as("another source").isEqualTo(400);
  }

  private static HttpRequest.Builder exchange(String apiKey) {
    return HttpRequest.newBuilder(URI.create("http://x/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange", StandardCharsets.UTF_8)
            + "&subject_token_type=" + URLEncoder.encode("urn:portcullis:params:oauth:token-type:api_key", StandardCharsets.UTF_8)
            + "&subject_token=" + apiKey));
  }
}
