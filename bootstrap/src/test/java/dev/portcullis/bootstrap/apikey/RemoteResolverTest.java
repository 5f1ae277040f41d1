package dev.portcullis.bootstrap.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remote resolver adapter against a real HTTP server: every status mapping, caching, and the shared secret. */
class RemoteResolverTest {
  private static final String SHARED = "resolver-shared-secret-0123456789";
  private static HttpServer resolver;
  private static DevServer server;
  private static final AtomicInteger calls = new AtomicInteger();
  private static final AtomicReference<Answer> answer = new AtomicReference<>();
  private static final AtomicReference<String> seenAuthorization = new AtomicReference<>();
  private static final AtomicReference<String> seenBody = new AtomicReference<>();
  private static int keyNumber;

  record Answer(int status, String body, String retryAfter, long delayMillis) {}

  @BeforeAll
  static void start() throws Exception {
    resolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    resolver.createContext("/keys/resolve", exchange -> {
      calls.incrementAndGet();
      seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Answer a = answer.get();
      try {
        Thread.sleep(a.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (a.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
      }
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    resolver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    resolver.start();
    server = DevServer.start("remote-resolver-test-admin-token-012345", "PORTCULLIS_KEY_RESOLVER_URL",
        "http://127.0.0.1:" + resolver.getAddress().getPort() + "/keys", "PORTCULLIS_KEY_RESOLVER_SECRET", SHARED, "PORTCULLIS_KEY_RESOLVER_TIMEOUT_MS", "500");
  }

  @AfterAll
  static void stop() {
    server.close();
    resolver.stop(0);
  }

  @BeforeEach
  void reset() {
    calls.set(0);
  }

  /** A fresh, well-formed key per call, so the verifier's cache never answers for another test. */
  private static String newKey() {
    return "pcl_" + String.format("%016x", ++keyNumber) + "_" + "c".repeat(64);
  }

  private static HttpResponse<String> verify(String key) {
    return server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key);
  }

  private static String type(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error").getString("type");
  }

  @Test
  void a_200_with_the_identity_yields_a_jwt_and_the_request_carries_the_shared_secret_and_the_key() {
    answer.set(new Answer(200, "{\"tenant\":\"shop\",\"subject\":\"remote-user\",\"scopes\":[\"orders:read\"],\"email\":\"r@example.com\",\"tags\":[\"x\"]}",
        null, 0));
    String key = newKey();

    HttpResponse<String> response = verify(key);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Auth-Subject")).hasValue("remote-user");
    assertThat(seenAuthorization.get()).isEqualTo("Bearer " + SHARED);
    assertThat(new JsonObject(seenBody.get()).getString("key_id")).isEqualTo(key.split("_")[1]);
    assertThat(new JsonObject(seenBody.get()).getString("secret")).isEqualTo(key.split("_")[2]);
    verify(key);
    assertThat(calls).as("positively cached").hasValue(1);
  }

  @Test
  void remote_401_and_403_map_to_invalid_api_key_and_identity_not_allowed_and_are_cached() {
    answer.set(new Answer(401, "", null, 0));
    String invalid = newKey();
    assertThat(type(verify(invalid))).isEqualTo("invalid_api_key");
    verify(invalid);

    answer.set(new Answer(403, "", null, 0));
    String forbidden = newKey();
    HttpResponse<String> response = verify(forbidden);
    verify(forbidden);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(type(response)).isEqualTo("identity_not_allowed");
    assertThat(calls).as("one remote call per key").hasValue(2);
  }

  @Test
  void remote_400_is_invalid_request_and_not_cached() {
    answer.set(new Answer(400, "", null, 0));
    String key = newKey();

    HttpResponse<String> response = verify(key);
    verify(key);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(type(response)).isEqualTo("invalid_request");
    assertThat(calls).hasValue(2);
  }

  @Test
  void remote_5xx_and_429_are_503_with_retry_after_and_never_cached() {
    String key = newKey();
    answer.set(new Answer(503, "", "7", 0));
    HttpResponse<String> withRetry = verify(key);
    answer.set(new Answer(429, "", "soon", 0));
    HttpResponse<String> withBadRetry = verify(key);
    answer.set(new Answer(500, "", null, 0));
    HttpResponse<String> plain = verify(key);

    for (HttpResponse<String> response : java.util.List.of(withRetry, withBadRetry, plain)) {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(type(response)).isEqualTo("key_resolution_unavailable");
    }
    assertThat(withRetry.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(withBadRetry.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(calls).hasValue(3);
  }

  @Test
  void a_200_missing_a_field_the_jwt_needs_is_unavailable_never_half_used() {
    answer.set(new Answer(200, "{\"tenant\":\"shop\",\"scopes\":[]}", null, 0));
    HttpResponse<String> noSubject = verify(newKey());
    answer.set(new Answer(200, "not json", null, 0));
    HttpResponse<String> garbage = verify(newKey());
    answer.set(new Answer(200, "{\"tenant\":\"BAD TENANT\",\"subject\":\"u\",\"scopes\":[]}", null, 0));
    HttpResponse<String> badTenant = verify(newKey());

    assertThat(noSubject.statusCode()).isEqualTo(503);
    assertThat(garbage.statusCode()).isEqualTo(503);
    assertThat(badTenant.statusCode()).isEqualTo(503);
  }

  @Test
  void a_resolver_slower_than_the_timeout_is_503() {
    answer.set(new Answer(200, "{}", null, 3_000));

    HttpResponse<String> response = verify(newKey());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void readiness_reports_the_remote_resolver() {
    assertThat(server.send("GET", "/health/ready", null, null).body()).contains("remote_key_resolver");
  }
}
