package dev.portcullis.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the console itself, over HTTP: cross-site requests, missing or stolen sessions, a tenant's
 * credential reaching for another tenant or the platform, the gateway as a way into routes it does not
 * serve, and credentials leaking into logs or answers.
 */
class ConsoleSecurityTest {
  private static final String ADMIN = "console-security-admin-0123456789abcdef";
  private static DevServer server;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    server = DevServer.start(ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
    logs.close();
  }

  /** A signed-in console: the cookie's value and the CSRF token the page would hold. */
  private record Session(String cookie, String csrf, JsonObject principal) {
    String header() {
      return "portcullis_console=" + cookie;
    }
  }

  private static Session signIn(String token) {
    HttpResponse<String> answer = server.send("POST", "/console/session", null, new JsonObject().put("token", token).encode(), "Content-Type", "application/json");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring("portcullis_console=".length(), setCookie.indexOf(';'));
    JsonObject body = new JsonObject(answer.body());
    return new Session(cookie, body.getString("csrf_token"), body.getJsonObject("principal"));
  }

  private static HttpResponse<String> put(Session session, String path, String body, String... headers) {
    String[] all = new String[headers.length + 4];
    all[0] = "Cookie";
    all[1] = session.header();
    all[2] = "Content-Type";
    all[3] = "application/json";
    System.arraycopy(headers, 0, all, 4, headers.length);
    return server.send("PUT", path, null, body, all);
  }

  @Test
  void the_page_and_every_answer_through_the_console_carry_a_strict_content_security_policy() {
    Session session = signIn(ADMIN);
    for (HttpResponse<String> answer : new HttpResponse[] {server.send("GET", "/console/", null, null),
        server.send("GET", "/console/assets/app.js", null, null),
        server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", session.header())}) {
      assertThat(answer.statusCode()).isEqualTo(200);
      String csp = answer.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(answer.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
    }
    String page = server.send("GET", "/console/", null, null).body();
    assertThat(page).as("no inline script, nothing from elsewhere").doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|style=|https?://");
  }

  @Test
  void the_session_cookie_is_http_only_same_site_strict_and_secure_unless_on_loopback() throws IOException {
    HttpResponse<String> loopback = server.send("POST", "/console/session", null, new JsonObject().put("token", ADMIN).encode(), "Content-Type", "application/json");
    String cookie = loopback.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).containsIgnoringCase("; httponly").contains("SameSite=Strict", "Path=/console").doesNotContainIgnoringCase("secure");

    String remote = raw("POST /console/session HTTP/1.1\r\nHost: console.example.com\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + ("{\"token\":\"" + ADMIN + "\"}").length() + "\r\n\r\n{\"token\":\"" + ADMIN + "\"}");
    assertThat(remote).startsWith("HTTP/1.1 201");
    assertThat(remote.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11)).findFirst().orElseThrow())
        .as("outside loopback: a __Host- cookie no sibling host can set or shadow")
        .contains("__Host-portcullis_console=", "Path=/;", "SameSite=Strict").containsIgnoringCase("; httponly").containsIgnoringCase("; secure");
    assertThat(remote).doesNotContain(ADMIN);

    String lookalike = raw(signInRequest("127.attacker.example", null));
    assertThat(lookalike.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11)).findFirst().orElseThrow())
        .as("a name that merely starts like a loopback address is not loopback").containsIgnoringCase("; secure");
  }

  @Test
  void behind_a_tls_proxy_the_https_page_of_the_same_host_may_sign_in_and_another_host_may_not() throws IOException {
    assertThat(raw(signInRequest("console.example.com", "https://console.example.com"))).startsWith("HTTP/1.1 201");
    assertThat(raw(signInRequest("console.example.com:8443", "https://console.example.com:8443"))).startsWith("HTTP/1.1 201");
    assertThat(raw(signInRequest("console.example.com", "https://console.example.com:8443"))).startsWith("HTTP/1.1 403");
    assertThat(raw(signInRequest("console.example.com", "https://evil.example"))).startsWith("HTTP/1.1 403");
    assertThat(raw(signInRequest("console.example.com", "null"))).startsWith("HTTP/1.1 403");
  }

  private static String signInRequest(String host, String origin) {
    String body = "{\"token\":\"" + ADMIN + "\"}";
    return "POST /console/session HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void cookie_tossing_a_second_session_cookie_makes_the_request_run_in_no_session_at_all() {
    Session mine = signIn(ADMIN);
    Session planted = signIn(ADMIN);
    for (String cookies : new String[] {planted.header() + "; " + mine.header(), mine.header() + "; " + planted.header(),
        "__Host-portcullis_console=" + planted.cookie() + "; " + mine.header()}) {
      assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", cookies).statusCode()).as(cookies).isEqualTo(401);
    }
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", mine.header()).statusCode()).isEqualTo(200);
  }

  @Test
  void csrf_a_change_without_the_sessions_token_or_from_another_origin_is_refused_and_changes_nothing() {
    Session session = signIn(ADMIN);
    HttpResponse<String> noToken = put(session, "/console/api/v1/tenants/acme/secrets/csrf-target", "{\"value\":\"forged\"}");
    HttpResponse<String> wrongToken = put(session, "/console/api/v1/tenants/acme/secrets/csrf-target", "{\"value\":\"forged\"}", "X-CSRF-Token", "guess");
    HttpResponse<String> foreign = put(session, "/console/api/v1/tenants/acme/secrets/csrf-target", "{\"value\":\"forged\"}",
        "X-CSRF-Token", session.csrf(), "Origin", "https://evil.example");
    HttpResponse<String> signOut = server.send("DELETE", "/console/session", null, null, "Cookie", session.header());

    for (HttpResponse<String> refused : java.util.List.of(noToken, wrongToken, foreign, signOut)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type")).isEqualTo("csrf_refused");
    }
    assertThat(server.send("GET", "/v1/tenants/acme/secrets/csrf-target", ADMIN, null).statusCode()).as("nothing was written").isEqualTo(404);
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", session.header()).statusCode())
        .as("the refused sign-out did not end the session").isEqualTo(200);

    HttpResponse<String> allowed = put(session, "/console/api/v1/tenants/acme/secrets/csrf-target", "{\"value\":\"mine\"}",
        "X-CSRF-Token", session.csrf(), "Origin", server.url(""));
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
  }

  @Test
  void login_csrf_a_sign_in_posted_from_another_origin_is_refused() {
    HttpResponse<String> answer = server.send("POST", "/console/session", null, new JsonObject().put("token", ADMIN).encode(),
        "Content-Type", "application/json", "Origin", "https://evil.example");
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void without_a_live_session_the_gateway_answers_401_and_it_reaches_only_the_api() {
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null).statusCode()).isEqualTo(401);
    assertThat(server.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", "portcullis_console=made-up").statusCode()).isEqualTo(401);
    assertThat(server.send("GET", "/console/api/v1/admin/info", ADMIN, null).statusCode())
        .as("a bearer token is no console session").isEqualTo(401);
    Session session = signIn(ADMIN);
    for (String elsewhere : new String[] {"/console/api/metrics", "/console/api/oauth/token", "/console/api/console/session", "/console/api/../metrics",
        "/console/api/v1/connect/callback", "/console/api/v1/tenants/acme/connections/c1/token", "/console/api/v1/tenants/acme/connections/c1/userinfo",
        "/console/api/v1/auth/verify", "/console/api/oauth/registerx"}) {
      HttpResponse<String> refused = server.send("GET", elsewhere, null, null, "Cookie", session.header());
      assertThat(refused.statusCode()).as(elsewhere).isIn(404, 400);
      assertThat(refused.headers().firstValue("X-Request-Id")).as("a refusal is a request like any other: it has an id").isPresent();
      assertThat(refused.headers().firstValue("Content-Security-Policy")).isPresent();
    }
    HttpResponse<String> nothing = server.send("GET", "/console/nope", null, null);
    assertThat(nothing.statusCode()).isEqualTo(404);
    assertThat(nothing.headers().firstValue("Content-Security-Policy")).as("the router's own 404 under /console").isPresent();
  }

  @Test
  void a_tenant_credential_signed_in_to_the_console_reaches_neither_another_tenant_nor_the_platform() {
    Session tenant = signIn(exchangedToken("acme", "secrets:read secrets:write"));
    assertThat(tenant.principal().getBoolean("admin")).isFalse();
    assertThat(tenant.principal().getString("tenant")).isEqualTo("acme");
    server.send("PUT", "/v1/tenants/other/secrets/theirs", ADMIN, "{\"value\":\"other-tenant-value\"}", "Content-Type", "application/json");

    HttpResponse<String> otherRead = server.send("GET", "/console/api/v1/tenants/other/secrets/theirs", null, null, "Cookie", tenant.header());
    HttpResponse<String> otherList = server.send("GET", "/console/api/v1/tenants/other/secrets", null, null, "Cookie", tenant.header());
    HttpResponse<String> otherWrite = put(tenant, "/console/api/v1/tenants/other/secrets/theirs", "{\"value\":\"overwritten\"}", "X-CSRF-Token", tenant.csrf());
    HttpResponse<String> platform = server.send("GET", "/console/api/v1/admin/signing-keys", null, null, "Cookie", tenant.header());
    HttpResponse<String> rotate = server.send("POST", "/console/api/v1/admin/signing-keys/rotate", null, null, "Cookie", tenant.header(), "X-CSRF-Token", tenant.csrf());
    HttpResponse<String> clients = server.send("GET", "/console/api/v1/tenants/acme/clients", null, null, "Cookie", tenant.header());

    for (HttpResponse<String> refused : java.util.List.of(otherRead, otherList, otherWrite, platform, rotate, clients)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(refused.body()).doesNotContain("other-tenant-value");
    }
    assertThat(new JsonObject(server.send("GET", "/v1/tenants/other/secrets/theirs", ADMIN, null).body()).getString("value")).isEqualTo("other-tenant-value");
    assertThat(server.send("GET", "/console/api/v1/tenants/acme/secrets", null, null, "Cookie", tenant.header()).statusCode()).isEqualTo(200);
  }

  @Test
  void revoking_the_credential_behind_a_console_session_ends_the_session() {
    HttpResponse<String> created = server.send("POST", "/v1/tenants/acme/api-keys", ADMIN,
        "{\"name\":\"console-user\",\"scopes\":[\"secrets:read\"],\"identity\":{\"subject\":\"ops\"}}", "Content-Type", "application/json");
    JsonObject key = new JsonObject(created.body());
    Session session = signIn(exchange(key.getString("key")));
    assertThat(server.send("GET", "/console/session", null, null, "Cookie", session.header()).statusCode()).isEqualTo(200);

    server.send("DELETE", "/v1/tenants/acme/api-keys/" + key.getString("id"), ADMIN, null);

    assertThat(server.send("GET", "/console/api/v1/tenants/acme/secrets", null, null, "Cookie", session.header()).statusCode()).isEqualTo(401);
    assertThat(server.send("GET", "/console/session", null, null, "Cookie", session.header()).statusCode()).isEqualTo(401);
  }

  @Test
  void failed_sign_ins_count_as_failed_authentication_and_are_throttled() {
    try (DevServer own = DevServer.start(ADMIN, "PORTCULLIS_AUTH_FAILURES_PER_SOURCE", "3")) {
      HttpResponse<String> last = null;
      for (int i = 0; i < 5; i++) {
        last = own.send("POST", "/console/session", null, new JsonObject().put("token", "guess-" + i).encode(), "Content-Type", "application/json");
      }
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> right = own.send("POST", "/console/session", null, new JsonObject().put("token", ADMIN).encode(), "Content-Type", "application/json");
      assertThat(right.statusCode()).as("throttled: even the right token waits").isEqualTo(429);
    }
    try (DevServer own = DevServer.start(ADMIN, "PORTCULLIS_AUTH_FAILURES_PER_SOURCE", "3")) {
      HttpResponse<String> last = null;
      for (int i = 0; i < 5; i++) {
        last = own.send("GET", "/console/api/v1/admin/info", null, null, "Cookie", "portcullis_console=guess-" + i);
      }
      assertThat(last.statusCode()).as("guessing session ids is throttled like guessing tokens").isEqualTo(429);
    }
  }

  @Test
  void sentinel_no_credential_session_id_or_csrf_token_reaches_a_log_line_or_an_answer_body() {
    String tenantToken = exchangedToken("acme", "secrets:read");
    Session admin = signIn(ADMIN);
    Session tenant = signIn(tenantToken);
    server.send("GET", "/console/api/v1/tenants/acme/secrets", null, null, "Cookie", tenant.header());
    HttpResponse<String> me = server.send("GET", "/console/session", null, null, "Cookie", admin.header());
    server.send("PUT", "/console/api/v1/tenants/acme/secrets/x", null, "{\"value\":\"v\"}", "Cookie", admin.header(), "Content-Type", "application/json");
    server.send("DELETE", "/console/session", null, null, "Cookie", admin.header(), "X-CSRF-Token", admin.csrf());

    assertThat(me.body()).doesNotContain(ADMIN).doesNotContain(admin.cookie());
    assertThat(logs.text()).doesNotContain(ADMIN).doesNotContain(tenantToken).doesNotContain(admin.cookie()).doesNotContain(tenant.cookie())
        .doesNotContain(admin.csrf());
  }

  private static String exchangedToken(String tenant, String scopes) {
    JsonObject body = new JsonObject().put("name", "console").put("identity", new JsonObject().put("subject", "ops"))
        .put("scopes", new io.vertx.core.json.JsonArray(java.util.List.of(scopes.split(" "))));
    HttpResponse<String> created = server.send("POST", "/v1/tenants/" + tenant + "/api-keys", ADMIN, body.encode(), "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return exchange(new JsonObject(created.body()).getString("key"));
  }

  private static String exchange(String key) {
    HttpResponse<String> exchanged = server.send("POST", "/oauth/token", null,
        "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token_type=" + enc("urn:portcullis:params:oauth:token-type:api_key")
            + "&subject_token=" + enc(key), "Content-Type", "application/x-www-form-urlencoded");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    return new JsonObject(exchanged.body()).getString("access_token");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String raw(String request) throws IOException {
    int port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
