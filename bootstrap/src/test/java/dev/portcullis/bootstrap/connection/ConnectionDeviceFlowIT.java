package dev.portcullis.bootstrap.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.testsupport.DeviceIdp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8628 against a real provider that supports it: oidc-provider started by {@link DeviceIdp} (the
 * upstream IdP of ../shared does not enable the device flow), on the serve wiring (Postgres, Redis).
 * The connection completes in the background: polling honours interval, slow_down, access_denied and
 * expiry. Client credentials against the same provider too.
 */
class ConnectionDeviceFlowIT {
  private static final String ADMIN = "connection-device-flow-it-admin-token-0123";
  private static final String DEVICE = "urn:ietf:params:oauth:grant-type:device_code";
  private static DeviceIdp idp;
  private static DeviceIdp shortLived;
  private static DeviceIdp slowing;
  private static DevServer server;

  @BeforeAll
  static void start() {
    idp = DeviceIdp.start(Map.of("DEVICE_INTERVAL", "1"));
    shortLived = DeviceIdp.start(Map.of("DEVICE_INTERVAL", "1", "DEVICE_CODE_TTL", "2"));
    slowing = DeviceIdp.start(Map.of("DEVICE_INTERVAL", "1")); // its slow_down fault must meet only this test's polls
    server = DevServer.serve(ADMIN, "connections_device", DevServer.LOOPBACK_PROVIDERS);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {server, idp, shortLived, slowing}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String provider(String name, DeviceIdp at) {
    HttpResponse<String> created = server.send("POST", "/v1/tenants/acme/providers", ADMIN, new JsonObject().put("name", name).put("issuer", at.issuer())
        .put("client_id", "vault").put("client_secret", "vault-secret")
        .put("grant_types", new JsonArray().add(DEVICE).add("refresh_token").add("client_credentials"))
        .put("scopes", new JsonArray().add("api:read").add("offline_access")).encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private static JsonObject startDevice(String providerId) {
    HttpResponse<String> started = server.send("POST", "/v1/tenants/acme/providers/" + providerId + "/connections", ADMIN,
        new JsonObject().put("grant_type", DEVICE).encode());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return new JsonObject(started.body());
  }

  private static String status(String connectionId) {
    return new JsonObject(server.send("GET", "/v1/tenants/acme/connections/" + connectionId, ADMIN, null).body()).getString("status");
  }

  private static String awaitStatus(String connectionId, Predicate<String> done, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    String status = status(connectionId);
    while (!done.test(status) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      status = status(connectionId);
    }
    return status;
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited %s", within).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static int tokenRequests(DeviceIdp at) {
    return new JsonObject(at.state()).getJsonObject("requests").getInteger("token", 0);
  }

  @Test
  void rfc8628_the_user_approves_and_the_connection_completes_in_the_background_honouring_slow_down() throws Exception {
    String providerId = provider("device", slowing);
    slowing.slowDown(1);
    JsonObject started = startDevice(providerId);
    JsonObject device = started.getJsonObject("device_authorization");
    assertThat(device.getString("user_code")).matches("[A-Z]{4}-[A-Z]{4}");
    assertThat(device.getString("verification_uri")).startsWith(slowing.issuer());
    assertThat(device.getInteger("interval")).isEqualTo(1);
    String connectionId = started.getString("id");
    assertThat(started.getString("status")).isEqualTo("pending");
    HttpResponse<String> early = server.send("GET", "/v1/tenants/acme/connections/" + connectionId + "/token", ADMIN, null);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(early.body()).getJsonObject("error").getString("type")).isEqualTo("authorization_pending");

    slowing.approve(device.getString("user_code"), "bob");
    await(() -> tokenRequests(slowing) >= 1, Duration.ofSeconds(5)); // the first poll, answered slow_down
    Instant slowedDown = Instant.now();
    int polls = tokenRequests(slowing);
    assertThat(status(connectionId)).as("approved, but the next poll waits for the grown interval").isEqualTo("pending");
    assertThat(awaitStatus(connectionId, "active"::equals, Duration.ofSeconds(12))).isEqualTo("active");

    assertThat(Duration.between(slowedDown, Instant.now())).as("the interval grew by 5 s (RFC 8628 section 3.5)").isGreaterThan(Duration.ofSeconds(4));
    assertThat(tokenRequests(slowing) - polls).as("one more poll after the slowed-down interval").isEqualTo(1);
    HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + connectionId + "/token", ADMIN, null);
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    assertThat(new JsonObject(token.body()).getString("access_token")).isNotBlank();
  }

  @Test
  void rfc8628_3_5_access_denied_and_an_expired_device_code_fail_the_connection() throws Exception {
    String waiting = startDevice(provider("device-waiting", idp)).getString("id");
    JsonObject start = startDevice(provider("device-deny", idp));
    idp.deny(start.getJsonObject("device_authorization").getString("user_code"));
    assertThat(awaitStatus(start.getString("id"), "failed"::equals, Duration.ofSeconds(5))).isEqualTo("failed");
    HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + start.getString("id") + "/token", ADMIN, null);
    assertThat(token.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(token.body()).getJsonObject("error").getString("type")).isEqualTo("connection_failed");

    String expiring = startDevice(provider("device-expiring", shortLived)).getString("id");
    assertThat(awaitStatus(expiring, "failed"::equals, Duration.ofSeconds(6))).as("expired_token after 2 s").isEqualTo("failed");
    assertThat(status(waiting)).as("nobody answered: still polling").isEqualTo("pending");
  }

  @Test
  void client_credentials_at_the_same_provider() {
    String providerId = provider("device-cc", idp);
    HttpResponse<String> connected = server.send("POST", "/v1/tenants/acme/providers/" + providerId + "/connections", ADMIN,
        new JsonObject().put("grant_type", "client_credentials").put("scopes", new JsonArray().add("api:read")).encode());
    assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
    assertThat(new JsonObject(connected.body()).getString("scope")).isEqualTo("api:read");
    HttpResponse<String> token = server.send("GET", "/v1/tenants/acme/connections/" + new JsonObject(connected.body()).getString("id") + "/token", ADMIN,
        null);
    assertThat(token.statusCode()).isEqualTo(200);
  }
}
