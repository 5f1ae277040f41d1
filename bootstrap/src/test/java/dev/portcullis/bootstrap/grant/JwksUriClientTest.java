package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * private_key_jwt clients that publish their keys at a {@code jwks_uri} (RFC 7591 §2): fetched with a
 * cache, refetched once when an assertion names an unknown {@code kid} (key rotation), bounded in
 * time and size. The client's key server is a real HTTP server on loopback.
 */
class JwksUriClientTest {
  private static final String ADMIN = "jwks-uri-client-admin-token-0123456789abcd";
  private static final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private static DevServer server;
  private static HttpServer keyServer;
  private static final AtomicReference<String> published = new AtomicReference<>();
  private static final AtomicInteger fetches = new AtomicInteger();
  private static final AtomicInteger delayMillis = new AtomicInteger();
  private PublicJsonWebKey key;
  private String clientId;

  @BeforeAll
  static void start() throws Exception {
    server = DevServer.startWithClock(clock, ADMIN);
    keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keyServer.createContext("/", exchange -> {
      fetches.incrementAndGet();
      try {
        Thread.sleep(delayMillis.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    keyServer.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    keyServer.start();
  }

  @AfterAll
  static void stop() {
    keyServer.stop(0);
    server.close();
  }

  @BeforeEach
  void registerClient() throws Exception {
    delayMillis.set(0);
    key = newKey();
    publish(key);
    String jwksUri = "http://127.0.0.1:" + keyServer.getAddress().getPort() + "/" + UUID.randomUUID() + "/jwks.json";
    JsonObject metadata = new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "private_key_jwt").put("jwks_uri", jwksUri).put("scope", "secrets:read").put("tenant", "clinic");
    HttpResponse<String> registered = server.send("POST", "/oauth/register", ADMIN, metadata.encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    clientId = new JsonObject(registered.body()).getString("client_id");
    fetches.set(0);
  }

  private static PublicJsonWebKey newKey() throws Exception {
    PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    key.setKeyId("kid-" + UUID.randomUUID());
    return key;
  }

  private static void publish(PublicJsonWebKey... keys) {
    JsonArray array = new JsonArray();
    for (PublicJsonWebKey k : keys) {
      array.add(new JsonObject(k.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    }
    published.set(new JsonObject().put("keys", array).encode());
  }

  private HttpResponse<String> token(PublicJsonWebKey signingKey) throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(clientId);
    claims.setSubject(clientId);
    claims.setAudience(server.url("/oauth/token"));
    claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(clock.instant().plusSeconds(240).getEpochSecond()));
    claims.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(signingKey.getPrivateKey());
    jws.setKeyIdHeaderValue(signingKey.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    String form = "grant_type=client_credentials&client_assertion_type="
        + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8) + "&client_assertion=" + jws.getCompactSerialization();
    return server.http().send(HttpRequest.newBuilder(URI.create(server.url("/oauth/token"))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_key_set_is_fetched_once_and_then_served_from_the_cache_for_five_minutes() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = token(key);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      clock.advance(java.time.Duration.ofSeconds(60));
    }
    assertThat(fetches).hasValue(1);

    clock.advance(java.time.Duration.ofSeconds(180));
    assertThat(token(key).statusCode()).isEqualTo(200);
    assertThat(fetches).as("the cached copy expired").hasValue(2);
  }

  @Test
  void a_rotated_key_is_picked_up_by_one_refetch_on_its_unknown_kid() throws Exception {
    assertThat(token(key).statusCode()).isEqualTo(200);
    PublicJsonWebKey rotated = newKey();
    publish(rotated);
    clock.advance(java.time.Duration.ofSeconds(11)); // past the minimum interval between fetches, well inside the cache lifetime

    HttpResponse<String> response = token(rotated);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void made_up_kids_cause_at_most_one_refetch_per_interval() throws Exception {
    assertThat(token(key).statusCode()).isEqualTo(200);
    // the first unknown kid arrives within the refetch interval of the first fetch: no refetch at all
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = token(newKey());
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(response.body()).getString("error_description")).contains("kid");
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void an_oversized_key_set_is_refused_as_invalid_client() throws Exception {
    published.set("{\"keys\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}");

    HttpResponse<String> response = token(key);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error_description")).isEqualTo("the client's jwks_uri could not be fetched");
  }

  @Test
  void a_key_server_slower_than_the_timeout_is_refused_in_bounded_time() throws Exception {
    delayMillis.set(10_000);
    long started = System.nanoTime();

    HttpResponse<String> response = token(key);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error_description")).as("one answer: the detail is in the server log")
        .isEqualTo("the client's jwks_uri could not be fetched");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8_000);
  }

  @Test
  void a_failed_fetch_is_remembered_so_anonymous_assertions_cannot_make_us_fetch_on_demand() throws Exception {
    published.set("not a key set at all, and far too long " + "x".repeat(70_000));

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = token(key);
      assertThat(response.statusCode()).isEqualTo(401);
    }

    assertThat(fetches).as("one fetch, then the failure is cached for a while").hasValue(1);
  }
}
