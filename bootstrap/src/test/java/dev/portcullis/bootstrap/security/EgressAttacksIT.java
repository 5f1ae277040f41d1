package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSRF (issue 12, path 4) on the serve wiring with its default egress policy: a tenant principal with
 * {@code providers:write}, and a registrant, try to make Portcullis reach an internal listener or the
 * cloud metadata address, or to learn how an internal port answers. The listener must receive nothing.
 */
class EgressAttacksIT {
  private static final String ADMIN = "egress-attacks-it-admin-token-0123456789";
  private static DevServer server;
  private static Credentials credentials;
  private static String tenantWriter;
  private static Listener internal;

  @BeforeAll
  static void start() throws Exception {
    server = DevServer.serve(ADMIN, "egress_attacks");
    credentials = new Credentials(server, ADMIN);
    tenantWriter = credentials.token(credentials.client("acme", "providers:write connections:read connections:write connections:token"));
    internal = new Listener();
  }

  @AfterAll
  static void stop() throws Exception {
    internal.close();
    server.close();
  }

  private static HttpResponse<String> provider(JsonObject body) {
    return server.send("POST", "/v1/tenants/acme/providers", tenantWriter, body.put("client_id", "c").put("client_secret", "s")
        .put("grant_types", new JsonArray().add("client_credentials")).encode(), "Content-Type", "application/json");
  }

  @Test
  void a_tenant_cannot_point_a_provider_at_an_internal_address_and_the_internal_service_sees_nothing() {
    int before = internal.connections();
    for (String url : List.of("http://127.0.0.1:" + internal.port() + "/token", "https://127.0.0.1:" + internal.port() + "/token",
        "https://[::ffff:127.0.0.1]:" + internal.port() + "/token", "https://localhost:" + internal.port() + "/token", "https://10.0.0.8/token")) {
      HttpResponse<String> explicit = provider(new JsonObject().put("name", "p" + Math.abs(url.hashCode())).put("token_endpoint", url));
      HttpResponse<String> discovered = provider(new JsonObject().put("name", "d" + Math.abs(url.hashCode())).put("issuer", url.replace("/token", "")));

      assertThat(explicit.statusCode()).as(url + ": " + explicit.body()).isEqualTo(400);
      assertThat(discovered.statusCode()).as(url + ": " + discovered.body()).isEqualTo(400);
      assertThat(explicit.body() + discovered.body()).contains("egress policy").doesNotContain("refused", "SSL", "answered");
    }
    assertThat(internal.connections()).isEqualTo(before);
  }

  @Test
  void the_cloud_metadata_address_is_refused_at_once() {
    long started = System.nanoTime();

    HttpResponse<String> response = provider(new JsonObject().put("name", "metadata").put("issuer", "https://169.254.169.254/latest"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("decided on the URL, no connection attempted").isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void plain_http_and_the_insecure_flag_are_the_operators_decision_not_the_tenants() {
    HttpResponse<String> http = provider(new JsonObject().put("name", "plain").put("token_endpoint", "http://idp.example.com/token"));
    HttpResponse<String> insecure = provider(new JsonObject().put("name", "insecure").put("token_endpoint", "https://idp.example.com/token")
        .put("insecure", true));

    assertThat(http.statusCode()).isEqualTo(400);
    assertThat(http.body()).contains("https");
    assertThat(insecure.statusCode()).isEqualTo(400);
    assertThat(insecure.body()).contains("PORTCULLIS_EGRESS_ALLOW_HTTP");
  }

  @Test
  void a_registrant_cannot_point_a_jwks_uri_at_an_internal_address() {
    HttpResponse<String> response = server.send("POST", "/oauth/register", ADMIN, new JsonObject().put("grant_types", new JsonArray().add("client_credentials"))
        .put("token_endpoint_auth_method", "private_key_jwt").put("jwks_uri", "https://127.0.0.1:" + internal.port() + "/jwks").put("tenant", "acme").encode());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_client_metadata");
    assertThat(internal.connections()).isZero();
  }
}
