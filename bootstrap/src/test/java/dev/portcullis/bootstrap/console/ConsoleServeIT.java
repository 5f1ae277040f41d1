package dev.portcullis.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The console on the {@code serve} wiring — Postgres, Redis, the session broker in front of the real
 * upstream OpenID provider — in headless Chromium: the vault and its audit chain on Postgres, and a
 * browser session of the broker listed and ended from the console.
 */
class ConsoleServeIT {
  private static final String ADMIN = "console-serve-it-admin-token-0123456789";
  private static final String SPA_REDIRECT = "http://127.0.0.1:7/spa-callback";
  private static UpstreamIdp idp;
  private static DevServer server;
  private static Chromium chromium;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/callback"));
    server = DevServer.serveOn(TestPostgres.get().freshDatabase("console_serve"), ADMIN, "PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8(),
        "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(), "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret",
        "PORTCULLIS_SESSION_STORE", "postgres", "PORTCULLIS_HTTP_PORT", Integer.toString(port));
    chromium = new Chromium(1280, 900);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  @Test
  void a_secret_saved_and_revealed_on_postgres_is_in_a_chain_that_verifies() {
    chromium.driver.get(server.url("/console/"));
    chromium.signIn(ADMIN);
    chromium.open(server.url("/console/#/t/shop/secrets"), "Secrets of shop");
    chromium.fill("save-secret", "name", "stripe-key");
    chromium.fill("save-secret", "value", "sk_test_console");
    chromium.submit("save-secret");
    chromium.status("Saved stripe-key as version 1");
    chromium.visible(By.cssSelector("[data-secret='stripe-key']")).click();
    chromium.visible(By.id("reveal")).click();
    assertThat(chromium.visible(By.cssSelector("#secret-value pre")).getText()).isEqualTo("sk_test_console");

    chromium.open(server.url("/console/#/t/shop/audit"), "Audit log of shop");
    chromium.tableWith("stripe-key@v1");
    chromium.visible(By.id("verify-chain")).click();
    assertThat(chromium.visible(By.cssSelector("#verify-result .msg")).getText()).startsWith("The chain is intact");
  }

  @Test
  void a_browser_session_of_the_broker_is_listed_and_ended_from_the_console() {
    JsonObject spa = new JsonObject().put("grant_types", new JsonArray().add("authorization_code").add("refresh_token"))
        .put("response_types", new JsonArray().add("code")).put("redirect_uris", new JsonArray().add(SPA_REDIRECT))
        .put("token_endpoint_auth_method", "none").put("scope", "openid").put("tenant", "shop");
    HttpResponse<String> registered = server.send("POST", "/oauth/register", ADMIN, spa.encode(), "Content-Type", "application/json");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String clientId = new JsonObject(registered.body()).getString("client_id");

    // a user logs in through the broker in this browser: upstream (alice) -> our callback -> the SPA (which does not exist; the session does)
    chromium.driver.get(server.url("/oauth/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(SPA_REDIRECT)
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=s1&scope=openid"));
    chromium.until(d -> sessions().size() == 1 ? true : null);

    chromium.driver.get(server.url("/console/"));
    chromium.driver.manage().deleteAllCookies();
    chromium.driver.get(server.url("/console/"));
    chromium.signIn(ADMIN);
    chromium.open(server.url("/console/#/t/shop/sessions"), "Sessions of shop");
    chromium.tableWith("alice");
    chromium.screenshot("10-sessions");
    chromium.confirm(By.cssSelector("[data-end]"));
    chromium.status("Session ended");
    assertThat(sessions().getJsonObject(0).getBoolean("active")).isFalse();
  }

  private static JsonArray sessions() {
    return new JsonObject(server.send("GET", "/v1/tenants/shop/sessions", ADMIN, null).body()).getJsonArray("items");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
