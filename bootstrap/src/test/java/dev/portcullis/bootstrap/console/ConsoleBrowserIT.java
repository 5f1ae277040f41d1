package dev.portcullis.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.portcullis.testsupport.UpstreamIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/**
 * The admin console end to end in a real headless Chromium against the dev wiring: every step is what an
 * operator does with the mouse and keyboard, and each is checked against the API from outside the browser
 * (a secret shown by the console really authenticates; a revoked key really fails). Screenshots of each page
 * land in {@code target/console-screenshots} (the ones in docs/console are copies).
 */
class ConsoleBrowserIT {
  private static final String ADMIN = "console-admin-token-0123456789abcdef";
  private static DevServer server;
  private static UpstreamIdp idp;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", server.issuer() + "/v1/connect/callback"));
    chromium = new Chromium(1280, 900);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (idp != null) {
      idp.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void signedOut() {
    chromium.driver.get(server.url("/console/"));
    chromium.driver.manage().deleteAllCookies();
    chromium.driver.get(server.url("/console/"));
  }

  private void signIn(String token) {
    chromium.signIn(token);
  }

  private void open(String hash, String heading) {
    chromium.open(server.url("/console/" + hash), heading);
  }

  private void fill(String form, String name, String value) {
    chromium.fill(form, name, value);
  }

  private void submit(String form) {
    chromium.submit(form);
  }

  @Test
  void signing_in_with_the_admin_token_leaves_no_credential_in_the_browser() {
    chromium.screenshot("01-sign-in");
    signIn(ADMIN);
    chromium.visible(By.linkText("Platform"));
    chromium.until(d -> d.findElement(By.tagName("h1")).getText().equals("Platform") ? true : null);
    chromium.visible(By.id("rotate-signing-key"));
    chromium.screenshot("02-platform");

    Cookie cookie = chromium.driver.manage().getCookieNamed("portcullis_console");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getPath()).isEqualTo("/console");
    assertThat(cookie.getValue()).doesNotContain(ADMIN);
    Object storage = chromium.driver.executeScript("return [localStorage.length, sessionStorage.length, document.cookie, location.href, document.body.innerHTML];");
    assertThat((List<?>) storage).element(0).isEqualTo(0L);
    assertThat((List<?>) storage).element(1).isEqualTo(0L);
    assertThat((List<?>) storage).element(2).as("the session cookie is out of the page's reach").isEqualTo("");
    assertThat(storage.toString()).doesNotContain(ADMIN);
    assertThat(chromium.driver.getPageSource()).doesNotContain(ADMIN);
  }

  @Test
  void on_a_phones_width_the_keyboard_alone_signs_in_and_no_page_overflows_sideways() {
    chromium.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      chromium.visible(By.id("token"));
      assertThat(chromium.driver.switchTo().activeElement().getAttribute("id")).as("the token field has the focus").isEqualTo("token");
      chromium.driver.switchTo().activeElement().sendKeys(ADMIN + Keys.ENTER);
      chromium.visible(By.id("sign-out"));
      server.send("PUT", "/v1/tenants/acme/secrets/phone-check", ADMIN, "{\"value\":\"v\",\"description\":\"a secret with a rather long description to wrap\"}",
          "Content-Type", "application/json");
      for (String[] page : new String[][] {{"#/platform", "Platform"}, {"#/t/acme/secrets", "Secrets of acme"}, {"#/t/acme/api-keys", "API keys of acme"},
          {"#/t/acme/audit", "Audit log of acme"}, {"#/t/acme/clients", "OAuth clients of acme"}, {"#/t/acme/connections", "Providers and connections"},
          {"#/t/acme/sessions", "Sessions of acme"}}) {
        open(page[0], page[1]);
        Object overflow = chromium.driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as(page[0] + " overflows sideways").isLessThanOrEqualTo(0);
        assertThat(chromium.driver.switchTo().activeElement().getTagName()).as("after navigating, focus is on the page's content").isEqualTo("main");
      }
      open("#/t/acme/secrets", "Secrets of acme");
      chromium.screenshot("09-phone-secrets");
    } finally {
      chromium.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  void a_registered_clients_secret_is_shown_once_and_really_authenticates() {
    signIn(ADMIN);
    open("#/t/acme/clients", "OAuth clients of acme");
    fill("register-client", "client_name", "billing-service");
    fill("register-client", "scope", "secrets:read");
    submit("register-client");
    String clientId = chromium.visible(By.cssSelector("[data-once=client_id]")).getText();
    String secret = chromium.visible(By.cssSelector("[data-once=client_secret]")).getText();
    chromium.screenshot("03-clients");

    HttpResponse<String> token = server.send("POST", "/oauth/token", null, "grant_type=client_credentials&scope=secrets%3Aread",
        "Content-Type", "application/x-www-form-urlencoded",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

    open("#/t/acme/api-keys", "API keys of acme");
    open("#/t/acme/clients", "OAuth clients of acme");
    assertThat(chromium.driver.getPageSource()).as("shown once: gone after navigating away").doesNotContain(secret);
    chromium.tableWith(clientId);

    chromium.visible(By.cssSelector("[data-edit='" + clientId + "']")).click();
    fill("edit-client", "client_name", "billing");
    submit("edit-client");
    chromium.status("Client billing saved");
    assertThat(new JsonObject(server.send("GET", "/oauth/register/" + clientId, ADMIN, null).body()).getString("client_name")).isEqualTo("billing");

    chromium.confirm(By.cssSelector("[data-delete='" + clientId + "']"));
    chromium.status("deleted");
    assertThat(server.send("GET", "/oauth/register/" + clientId, ADMIN, null).statusCode()).isEqualTo(401);
    assertThat(server.send("POST", "/oauth/token", null, "grant_type=client_credentials", "Content-Type", "application/x-www-form-urlencoded",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
  }

  @Test
  void an_api_key_created_in_the_console_verifies_until_it_is_revoked_there() {
    signIn(ADMIN);
    open("#/t/acme/api-keys", "API keys of acme");
    fill("create-key", "name", "deploy-bot");
    fill("create-key", "subject", "ci");
    fill("create-key", "scopes", "secrets:read");
    submit("create-key");
    String key = chromium.visible(By.cssSelector("[data-once=key]")).getText();
    assertThat(key).matches("[a-z][a-z0-9]*_[0-9a-f]{16}_[0-9a-f]{64}");
    assertThat(server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key).statusCode()).isEqualTo(200);
    chromium.screenshot("04-api-keys");

    String id = key.split("_")[1];
    chromium.visible(By.cssSelector("[data-rotate='" + id + "']")).click();
    chromium.status("Rotated");
    String successor = chromium.visible(By.cssSelector("[data-once=key]")).getText();
    assertThat(successor).isNotEqualTo(key).matches("[a-z][a-z0-9]*_[0-9a-f]{16}_[0-9a-f]{64}");
    assertThat(server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", successor).statusCode()).isEqualTo(200);
    assertThat(server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key).statusCode()).as("the old key's grace period").isEqualTo(200);
    chromium.confirm(By.cssSelector("[data-revoke='" + id + "']"));
    chromium.status("revoked");
    chromium.tableWith("revoked");
    assertThat(server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key).statusCode()).isEqualTo(401);
  }

  @Test
  void a_secret_saved_and_revealed_in_the_console_shows_in_the_audit_log_whose_chain_verifies() {
    signIn(ADMIN);
    open("#/t/acme/secrets", "Secrets of acme");
    fill("save-secret", "name", "db-password");
    fill("save-secret", "value", "correct horse battery staple");
    fill("save-secret", "description", "primary database");
    submit("save-secret");
    chromium.status("Saved db-password as version 1");
    assertThat(chromium.driver.getPageSource()).as("a value is not on the page until revealed").doesNotContain("correct horse");

    chromium.visible(By.cssSelector("[data-secret='db-password']")).click();
    chromium.visible(By.id("reveal")).click();
    String value = chromium.visible(By.cssSelector("#secret-value pre")).getText();
    assertThat(value).isEqualTo("correct horse battery staple");
    chromium.screenshot("05-secrets");

    open("#/t/acme/audit", "Audit log of acme");
    fill("audit-filter", "action", "secret.read");
    submit("audit-filter");
    chromium.tableWith("db-password@v1");
    chromium.visible(By.id("verify-chain")).click();
    String verdict = chromium.visible(By.cssSelector("#verify-result .msg")).getText();
    assertThat(verdict).startsWith("The chain is intact");
    chromium.screenshot("06-audit");
  }

  @Test
  void a_secret_deleted_in_the_console_can_be_restored_there_and_an_admin_can_purge_it_for_good() {
    server.send("PUT", "/v1/tenants/acme/secrets/short-lived", ADMIN, "{\"value\":\"v1\"}", "Content-Type", "application/json");
    signIn(ADMIN);
    open("#/t/acme/secrets", "Secrets of acme");
    chromium.visible(By.cssSelector("[data-secret='short-lived']")).click();
    chromium.confirm(By.xpath("//div[@id='secret-detail']//button[starts-with(., 'Delete') or starts-with(., 'Confirm: delete')]"));
    chromium.status("short-lived deleted");
    assertThat(server.send("GET", "/v1/tenants/acme/secrets/short-lived", ADMIN, null).statusCode()).isEqualTo(404);

    fill("restore-secret", "name", "short-lived");
    submit("restore-secret");
    chromium.status("Restored");
    assertThat(server.send("GET", "/v1/tenants/acme/secrets/short-lived", ADMIN, null).statusCode()).isEqualTo(200);

    chromium.visible(By.cssSelector("[data-secret='short-lived']")).click();
    chromium.confirm(By.xpath("//div[@id='secret-detail']//button[starts-with(., 'Purge') or starts-with(., 'Confirm: purge')]"));
    chromium.status("purged");
    fill("restore-secret", "name", "short-lived");
    submit("restore-secret");
    chromium.visible(By.cssSelector("#status .msg.error"));
    assertThat(server.send("GET", "/v1/tenants/acme/secrets/short-lived", ADMIN, null).statusCode()).as("purged: nothing to restore").isEqualTo(404);
  }

  @Test
  void rotating_the_root_key_in_the_console_shows_the_rewrap_through_to_the_end() {
    server.send("PUT", "/v1/tenants/acme/secrets/wrapped", ADMIN, "{\"value\":\"v\"}", "Content-Type", "application/json");
    String before = new JsonObject(server.send("GET", "/v1/admin/root-key/status", ADMIN, null).body()).getString("primary_kek");
    signIn(ADMIN);
    chromium.confirm(By.id("rotate-root-key"));
    chromium.status("Every data key is wrapped by the new root key");
    JsonObject status = new JsonObject(server.send("GET", "/v1/admin/root-key/status", ADMIN, null).body());
    assertThat(status.getString("primary_kek")).isNotEqualTo(before);
    assertThat(status.getJsonObject("rewrap").getString("state")).isEqualTo("complete");
    assertThat(chromium.visible(By.id("rewrap")).getText()).contains("complete");
  }

  @Test
  void rotating_the_signing_key_in_the_console_publishes_a_second_key() {
    signIn(ADMIN);
    int before = keys();
    chromium.visible(By.id("rotate-signing-key")).click();
    chromium.status("A new signing key is published");
    chromium.until(d -> d.findElements(By.cssSelector("section table tbody tr")).size() > 0 ? true : null);
    assertThat(keys()).isEqualTo(before + 1);
    assertThat(new JsonObject(server.send("GET", "/oauth/jwks", null, null).body()).getJsonArray("keys").size()).isEqualTo(before + 1);
  }

  private int keys() {
    HttpResponse<String> keys = server.send("GET", "/v1/admin/signing-keys", ADMIN, null);
    return new JsonObject(keys.body()).getJsonArray("data").size();
  }

  @Test
  void a_connection_started_in_the_console_goes_through_the_real_provider_and_comes_back_connected() {
    signIn(ADMIN);
    open("#/t/acme/connections", "Providers and connections of acme");
    fill("register-provider", "name", "upstream");
    fill("register-provider", "issuer", idp.issuer());
    fill("register-provider", "client_id", "broker");
    fill("register-provider", "client_secret", "broker-secret");
    fill("register-provider", "scopes", "openid email offline_access");
    submit("register-provider");
    chromium.status("Provider registered");

    chromium.visible(By.cssSelector("[data-connect='upstream']")).click();
    // the provider signs alice in (its default account) and sends the browser through our callback back to the console
    chromium.status("Connected");
    assertThat(chromium.driver.getCurrentUrl()).doesNotContain("connection_id").endsWith("#/t/acme/connections");
    chromium.tableWith("alice");
    chromium.screenshot("08-connections");
    JsonObject listed = new JsonObject(server.send("GET", "/v1/tenants/acme/connections", ADMIN, null).body());
    assertThat(listed.getJsonArray("items")).hasSize(1);
    assertThat(listed.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("active");
    assertThat(chromium.driver.getPageSource()).as("the console never shows a connection's tokens").doesNotContain("access_token\"");
  }

  @Test
  void signing_out_ends_the_session_on_the_server_not_just_in_the_browser() {
    signIn(ADMIN);
    String session = chromium.driver.manage().getCookieNamed("portcullis_console").getValue();
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", "portcullis_console=" + session).statusCode()).isEqualTo(200);
    chromium.visible(By.id("sign-out")).click();
    chromium.visible(By.id("token"));
    chromium.status("Signed out");
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", "portcullis_console=" + session).statusCode()).isEqualTo(401);
  }

  @Test
  void a_tenant_credential_sees_its_own_tenant_and_not_another_nor_the_platform() {
    HttpResponse<String> created = server.send("POST", "/v1/tenants/acme/api-keys", ADMIN,
        "{\"name\":\"reader\",\"scopes\":[\"secrets:read\"],\"identity\":{\"subject\":\"ops\"}}", "Content-Type", "application/json");
    server.send("PUT", "/v1/tenants/other/secrets/their-secret", ADMIN, "{\"value\":\"not-for-acme\"}", "Content-Type", "application/json");
    String key = new JsonObject(created.body()).getString("key");
    HttpResponse<String> exchanged = server.send("POST", "/oauth/token", null,
        "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token_type=" + enc("urn:portcullis:params:oauth:token-type:api_key")
            + "&subject_token=" + enc(key), "Content-Type", "application/x-www-form-urlencoded");
    String token = new JsonObject(exchanged.body()).getString("access_token");

    signIn(token);
    chromium.until(d -> d.findElement(By.tagName("h1")).getText().equals("Secrets of acme") ? true : null);
    assertThat(chromium.driver.findElements(By.linkText("Platform"))).isEmpty();
    open("#/t/other/secrets", "Something went wrong");
    assertThat(chromium.driver.findElement(By.tagName("main")).getText()).doesNotContain("their-secret").doesNotContain("not-for-acme");
    open("#/platform", "Something went wrong");
    // the previous page's refusal has the same heading: wait for this one's text (fails after 10 s if it never comes)
    Boolean refused = chromium.until(d -> d.findElement(By.tagName("main")).getText().contains("administrators") ? true : null);
    assertThat(refused).isTrue();
    chromium.screenshot("07-other-tenant-refused");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
