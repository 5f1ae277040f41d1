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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.Cookie;
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
    Path accounts = Files.createTempFile("console-accounts", ".json");
    Files.writeString(accounts, "{\"carol\": {\"email\": \"carol@example.com\", \"email_verified\": true, \"name\": \"Carol\", \"groups\": [\"guests\"]}}");
    accounts.toFile().deleteOnExit();
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/callback,http://127.0.0.1:" + port + "/console/callback",
        "UPSTREAM_ACCOUNTS_FILE", accounts.toString()));
    server = DevServer.serveOn(TestPostgres.get().freshDatabase("console_serve"), ADMIN, "PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8(),
        "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(), "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret",
        "PORTCULLIS_SESSION_STORE", "postgres", "PORTCULLIS_HTTP_PORT", Integer.toString(port),
        "PORTCULLIS_CONSOLE_ADMIN_GROUPS", "admins", "PORTCULLIS_CONSOLE_TENANT_GROUPS", "users=shop:secrets:read");
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

  private void signedOut() {
    chromium.driver.get(server.url("/console/"));
    chromium.driver.manage().deleteAllCookies();
  }

  @Test
  void an_admin_group_member_signs_in_through_the_provider_and_what_they_change_is_audited_under_their_name() {
    signedOut();
    chromium.driver.get(server.url("/console/"));
    chromium.visible(By.id("provider-sign-in"));
    chromium.screenshot("11-sign-in-with-provider");
    chromium.visible(By.id("provider-sign-in")).click(); // the provider signs alice (group admins) in
    chromium.until(d -> d.findElement(By.tagName("h1")).getText().equals("Platform") ? true : null);
    assertThat(chromium.visible(By.id("who")).getText()).contains("platform admin", "alice");
    chromium.visible(By.id("rotate-signing-key")).click();
    chromium.status("A new signing key is published");

    JsonArray audit = new JsonObject(server.send("GET", "/v1/tenants/system/audit", ADMIN, null).body()).getJsonArray("data");
    JsonObject signIn = audit.stream().map(JsonObject.class::cast).filter(r -> r.getString("action").equals("console.signin")).findFirst().orElseThrow();
    assertThat(signIn.getString("subject")).isEqualTo("operator:alice");
    assertThat(signIn.getString("outcome")).isEqualTo("success");
    assertThat(audit.stream().map(JsonObject.class::cast).filter(r -> r.getString("action").equals("signing.key.rotate")).findFirst().orElseThrow()
        .getString("subject")).as("the change names the operator, not just the admin role").isEqualTo("operator:alice");
    Cookie session = chromium.driver.manage().getCookieNamed("portcullis_console");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(chromium.driver.getPageSource()).doesNotContain(session.getValue());
  }

  @Test
  void a_tenant_group_member_signs_in_with_that_tenants_scopes_and_nothing_more() {
    signedOut();
    chromium.driver.get(server.url("/console/login?login_hint=bob")); // bob: group users = shop, secrets:read
    chromium.until(d -> d.findElement(By.tagName("h1")).getText().equals("Secrets of shop") ? true : null);
    assertThat(chromium.driver.findElements(By.linkText("Platform"))).isEmpty();
    chromium.fill("save-secret", "name", "bob-was-here");
    chromium.fill("save-secret", "value", "nope");
    chromium.submit("save-secret");
    String said = chromium.until(d -> d.findElement(By.id("status")).getText().isEmpty() ? null : d.findElement(By.id("status")).getText());
    assertThat(said).doesNotStartWith("Saved");
    assertThat(server.send("GET", "/v1/tenants/shop/secrets/bob-was-here", ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", "/console/api/v1/tenants/other/secrets", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void an_account_in_no_operator_group_is_told_so_and_gets_no_session() {
    signedOut();
    chromium.driver.get(server.url("/console/login?login_hint=carol"));
    chromium.status("no group that may operate Portcullis");
    assertThat(chromium.driver.manage().getCookieNamed("portcullis_console")).isNull();
    assertThat(chromium.driver.findElements(By.id("sign-out"))).isEmpty();
  }

  @Test
  void login_csrf_a_providers_answer_delivered_to_another_browser_signs_nobody_in() throws Exception {
    java.net.http.HttpClient noRedirects = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    HttpResponse<String> started = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/console/login"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(303);
    String binding = started.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(binding).contains("portcullis_console_login=", "SameSite=Lax", "Path=/console/callback").containsIgnoringCase("httponly");
    HttpResponse<String> atProvider = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(started.headers().firstValue("Location").orElseThrow()))
        .build(), HttpResponse.BodyHandlers.ofString());
    String callback = atProvider.headers().firstValue("Location").orElseThrow();
    assertThat(callback).startsWith(server.url("/console/callback"));

    HttpResponse<String> head = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback)).method("HEAD",
        java.net.http.HttpRequest.BodyPublishers.noBody()).header("Cookie", binding.substring(0, binding.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).as("a prefetching HEAD does not spend the sign-in").isEqualTo(405);
    // the attacker's code, delivered to a victim's browser that never started this sign-in (no binding cookie)
    HttpResponse<String> victim = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(victim.headers().firstValue("Location")).contains("/console/?signin_error=expired");
    assertThat(victim.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("portcullis_console="));
    // the browser that started it still can (a stranger cannot spend someone's sign-in), once
    String cookie = binding.substring(0, binding.indexOf(';'));
    HttpResponse<String> own = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(own.headers().firstValue("Location")).contains("/console/");
    assertThat(own.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("portcullis_console="));
    HttpResponse<String> replay = noRedirects.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(replay.headers().firstValue("Location")).as("single use").contains("/console/?signin_error=expired");
  }

  private static JsonArray sessions() {
    return new JsonObject(server.send("GET", "/v1/tenants/shop/sessions", ADMIN, null).body()).getJsonArray("items");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
