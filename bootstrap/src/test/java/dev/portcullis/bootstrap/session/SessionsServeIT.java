package dev.portcullis.bootstrap.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.bootstrap.LogCapture;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BFF session broker end to end against the real upstream OpenID provider (oidc-provider), on the
 * serve wiring: login with redirects only, code exchange, refresh with rotation and upstream refresh
 * (upstream access tokens live 4 s: renewal is due at half their life, 2 s), an upstream outage, reuse
 * detection, revocation; no upstream token ever reaches a response or a log line.
 */
class SessionsServeIT {
  private static final String ADMIN = "sessions-serve-it-admin-token-0123456789ab";
  private static final String SPA_REDIRECT = "http://127.0.0.1:7777/callback";
  private static final String VERIFIER = "verifier-" + "x".repeat(50);
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final List<String> seen = new ArrayList<>();
  private static LogCapture logs;
  private static UpstreamIdp idp;
  private static DevServer server;
  private static TcpProxy postgres;
  private static String clientId;

  @BeforeAll
  static void start() throws Exception {
    logs = new LogCapture();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/callback", "UPSTREAM_ACCESS_TOKEN_TTL", "4",
        "UPSTREAM_POST_LOGOUT_REDIRECT_URIS", "http://127.0.0.1:" + port + "/oauth/logout/callback"));
    TestPostgres database = TestPostgres.get().freshDatabase("sessions");
    postgres = TcpProxy.to(database.host(), database.port());
    server = DevServer.serveThrough(postgres.port(), database, ADMIN, "PORTCULLIS_HTTP_PORT", Integer.toString(port), "PORTCULLIS_UPSTREAM_ISSUER", idp.issuer(),
        "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "broker-secret",
        "PORTCULLIS_UPSTREAM_SCOPES", "openid profile email groups offline_access", "PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS", "0", "PORTCULLIS_UPSTREAM_TIMEOUT_MS", "1000");
    JsonObject spa = new JsonObject().put("client_name", "spa").put("grant_types", new JsonArray().add("authorization_code").add("refresh_token"))
        .put("response_types", new JsonArray().add("code")).put("redirect_uris", new JsonArray().add(SPA_REDIRECT))
        .put("token_endpoint_auth_method", "none").put("scope", "openid profile").put("tenant", "shop");
    HttpResponse<String> registered = server.send("POST", "/oauth/register", ADMIN, spa.encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    clientId = new JsonObject(registered.body()).getString("client_id");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (idp != null) {
      idp.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    logs.close();
    assertNoUpstreamToken(logs.text());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> response = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    seen.add(response.body() + response.headers().map());
    return response;
  }

  private static Map<String, String> query(String location) {
    return dev.portcullis.testsupport.QueryString.of(location);
  }

  /** Browser steps with redirects only: authorize → upstream (login_hint=bob) → callback → the SPA's redirect URI. */
  private static Map<String, String> login() throws Exception {
    HttpResponse<String> authorize = get(server.url("/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
        + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&code_challenge=" + Pkce.challengeOf(VERIFIER)
        + "&code_challenge_method=S256&state=spa-state&scope=openid&login_hint=bob"));
    assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(303);
    String toUpstream = authorize.headers().firstValue("Location").orElseThrow();
    assertThat(toUpstream).startsWith(idp.issuer());
    HttpResponse<String> upstream = get(toUpstream);
    assertThat(upstream.statusCode()).as(upstream.body()).isIn(302, 303);
    HttpResponse<String> callback = get(upstream.headers().firstValue("Location").orElseThrow());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    String toSpa = callback.headers().firstValue("Location").orElseThrow();
    assertThat(toSpa).startsWith(SPA_REDIRECT);
    return query(toSpa);
  }

  private static HttpResponse<String> token(String form) {
    HttpResponse<String> response = server.send("POST", "/oauth/token", null, form + "&client_id=" + clientId, "Content-Type", "application/x-www-form-urlencoded");
    seen.add(response.body() + response.headers().map());
    return response;
  }

  private static JsonObject exchange(String code) {
    HttpResponse<String> response = token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8)
        + "&code_verifier=" + VERIFIER);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return token("grant_type=refresh_token&refresh_token=" + refreshToken);
  }

  private static JsonObject payload(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** Every JWT in the text is one of ours: none is issued by the upstream. */
  private static void assertNoUpstreamToken(String text) {
    Matcher jwts = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*").matcher(text);
    while (jwts.find()) {
      assertThat(payload(jwts.group()).getString("iss")).as("an upstream token leaked").isNotEqualTo(idp.issuer());
    }
  }

  private static int upstreamTokenRequests() {
    JsonObject state = new JsonObject(idp.state());
    JsonObject counts = state.getJsonObject("requests", state.getJsonObject("counts", new JsonObject()));
    Object token = counts.getValue("token");
    return token instanceof Number n ? n.intValue() : 0;
  }

  @Test
  void login_with_redirects_only_then_code_exchange_gives_a_bff_session_with_the_upstream_identity() throws Exception {
    Map<String, String> callback = login();
    assertThat(callback).containsEntry("state", "spa-state").containsEntry("iss", server.issuer());

    JsonObject tokens = exchange(callback.get("code"));

    JsonObject claims = payload(tokens.getString("access_token"));
    assertThat(claims.getString("iss")).isEqualTo(server.issuer());
    assertThat(claims.getString("sid")).isNotBlank();
    assertThat(claims.getString("email")).isEqualTo("bob@example.com");
    assertThat(claims.getString("client_id")).isEqualTo(clientId);
    assertThat(tokens.getLong("expires_in")).as("bounded by the 4 s upstream access token").isLessThanOrEqualTo(4);
    assertThat(tokens.getString("refresh_token")).isNotBlank();
    JsonObject idToken = payload(tokens.getString("id_token"));
    assertThat(idToken.getString("iss")).as("OpenID Connect Core 3.1.3.3: scope openid gets an ID token").isEqualTo(server.issuer());
    assertThat(idToken.getString("aud")).isEqualTo(clientId);
    assertThat(idToken.getString("sub")).isEqualTo(claims.getString("sub"));
    assertThat(idToken.getString("sid")).isEqualTo(claims.getString("sid"));
    assertThat(idToken.getLong("auth_time")).isPositive();
    assertThat(idToken.getLong("exp")).isEqualTo(claims.getLong("exp"));
    assertThat(idToken.containsKey("nonce")).as("none was sent").isFalse();
    assertThat(idToken.containsKey("scope") || idToken.containsKey("token_use")).as("an ID token is not an access token").isFalse();
    assertThat(server.send("GET", "/v1/tenants/shop/sessions", tokens.getString("id_token"), null).statusCode()).as("an ID token is no bearer credential")
        .isEqualTo(401);
    assertThat(token("grant_type=authorization_code&code=" + callback.get("code") + "&redirect_uri=" + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8)
        + "&code_verifier=" + VERIFIER).statusCode()).as("a replayed code").isEqualTo(400);
    assertThat(refresh(tokens.getString("refresh_token")).statusCode()).as("the replay revoked the session").isEqualTo(400);
    seen.forEach(SessionsServeIT::assertNoUpstreamToken);
  }

  @Test
  void openid_discovery_1_0_3_says_what_an_openid_client_needs_and_every_endpoint_it_names_answers() throws Exception {
    JsonObject metadata = new JsonObject(get(server.url("/.well-known/openid-configuration")).body());

    assertThat(metadata.getString("issuer")).isEqualTo(server.issuer());
    assertThat(metadata.getJsonArray("subject_types_supported")).containsExactly("public");
    assertThat(metadata.getJsonArray("id_token_signing_alg_values_supported")).containsExactly("ES256");
    assertThat(metadata.getJsonArray("scopes_supported")).contains("openid");
    assertThat(metadata.getJsonArray("claims_supported")).contains("sub", "nonce", "auth_time", "sid", "email");
    assertThat(metadata.getJsonArray("response_types_supported")).containsExactly("code");
    HttpResponse<String> userinfo = get(metadata.getString("userinfo_endpoint"));
    assertThat(userinfo.statusCode()).isEqualTo(401);
    assertThat(userinfo.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
    HttpResponse<String> clientToken = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(metadata.getString("userinfo_endpoint")))
        .header("Authorization", "Bearer not-a-token").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(clientToken.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_token\"");
    assertThat(get(metadata.getString("end_session_endpoint")).statusCode()).as("exists and wants client_id").isEqualTo(400);
    assertThat(get(metadata.getString("jwks_uri")).statusCode()).isEqualTo(200);
  }

  /**
   * The whole login driven by an independent OpenID relying party library (openid-client): discovery,
   * PKCE, state, the ID token (signature by our JWKS, iss, aud, exp, nonce), userinfo (sub must match),
   * RP-initiated logout with the ID token as id_token_hint — after which the access token is dead.
   */
  @Test
  void openid_connect_an_independent_relying_party_logs_in_verifies_the_id_token_reads_userinfo_and_logs_out() {
    JsonObject result = new JsonObject(dev.portcullis.testsupport.OpenIdRelyingParty.login(server.issuer(), clientId, SPA_REDIRECT, SPA_REDIRECT, "bob"));

    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    JsonObject claims = result.getJsonObject("claims");
    assertThat(claims.getString("iss")).isEqualTo(server.issuer());
    assertThat(claims.getString("aud")).isEqualTo(clientId);
    assertThat(claims.getString("nonce")).isEqualTo(result.getString("nonce"));
    assertThat(claims.getString("sid")).isNotBlank();
    JsonObject userinfo = result.getJsonObject("userinfo");
    assertThat(userinfo.getString("sub")).isEqualTo(claims.getString("sub"));
    assertThat(userinfo.getString("email")).isEqualTo("bob@example.com");
    assertThat(result.getString("loggedOut")).startsWith(SPA_REDIRECT).contains("state=bye");
    assertThat(result.getValue("afterLogout")).as("the session ended: its access token no longer reads userinfo").isEqualTo(401);
  }

  @Test
  void refresh_rotates_renews_the_upstream_token_survives_an_upstream_outage_and_detects_reuse() throws Exception {
    JsonObject tokens = exchange(login().get("code"));
    int before = upstreamTokenRequests();
    Thread.sleep(2_100); // half the upstream token's life

    HttpResponse<String> refreshed = refresh(tokens.getString("refresh_token"));

    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String next = new JsonObject(refreshed.body()).getString("refresh_token");
    assertThat(next).isNotEqualTo(tokens.getString("refresh_token"));
    assertThat(upstreamTokenRequests()).as("the 30 s upstream token was renewed upstream").isGreaterThan(before);

    Thread.sleep(2_100); // the renewed upstream token is due again
    idp.fail("token_500", 1, null);
    HttpResponse<String> outage = refresh(next);
    assertThat(outage.statusCode()).as(outage.body()).isEqualTo(503);
    assertThat(new JsonObject(outage.body()).getString("error")).isEqualTo("temporarily_unavailable");
    assertThat(outage.headers().firstValue("Retry-After")).isPresent();
    idp.reset();
    HttpResponse<String> afterOutage = refresh(next);
    assertThat(afterOutage.statusCode()).as("the session survived the outage: " + afterOutage.body()).isEqualTo(200);

    HttpResponse<String> reuse = refresh(next);
    assertThat(reuse.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(reuse.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(refresh(new JsonObject(afterOutage.body()).getString("refresh_token")).statusCode()).as("the whole family is revoked").isEqualTo(400);
    seen.forEach(SessionsServeIT::assertNoUpstreamToken);
    assertThat(server.send("GET", "/metrics", null, null).body()).as("a successor this node handed out came back to it")
        .containsPattern("portcullis_session_refresh_reads_total\\{source=\"memory\"} [1-9]")
        .containsPattern("portcullis_session_refresh_reads_total\\{source=\"store\"} [1-9]");
  }

  @Test
  void a_slow_hanging_or_garbage_upstream_token_endpoint_is_503_with_retry_after_and_the_session_survives() throws Exception {
    String refreshToken = exchange(login().get("code")).getString("refresh_token");
    Thread.sleep(2_100); // renewal due: every refresh below needs the upstream
    List<String[]> faults = List.of(new String[] {"token_slow", "3000"}, new String[] {"token_hang", null}, new String[] {"token_garbage", null},
        new String[] {"token_reset", null});
    try {
      for (String[] fault : faults) {
        idp.fail(fault[0], 1, fault[1] == null ? null : Integer.valueOf(fault[1]));
        long started = System.nanoTime();
        HttpResponse<String> failed = refresh(refreshToken);
        assertThat(failed.statusCode()).as(fault[0] + ": " + failed.body()).isEqualTo(503);
        assertThat(new JsonObject(failed.body()).getString("error")).isEqualTo("temporarily_unavailable");
        assertThat(failed.headers().firstValue("Retry-After")).as(fault[0]).isPresent();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("bounded by PORTCULLIS_UPSTREAM_TIMEOUT_MS").isLessThan(java.time.Duration.ofSeconds(3));
        idp.reset();
      }
    } finally {
      idp.reset();
    }
    HttpResponse<String> after = refresh(refreshToken);
    assertThat(after.statusCode()).as("the same refresh token still works: " + after.body()).isEqualTo(200);
    seen.forEach(SessionsServeIT::assertNoUpstreamToken);
  }

  @Test
  void the_session_store_unreachable_is_503_temporarily_unavailable_never_invalid_grant() throws Exception {
    JsonObject tokens = exchange(login().get("code"));
    String code = login().get("code");

    postgres.cut();
    HttpResponse<String> refreshed;
    HttpResponse<String> exchanged;
    try {
      refreshed = refresh(tokens.getString("refresh_token"));
      exchanged = token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8)
          + "&code_verifier=" + VERIFIER);
    } finally {
      postgres.restore();
    }

    for (HttpResponse<String> during : List.of(refreshed, exchanged)) {
      assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
      assertThat(new JsonObject(during.body()).getString("error")).isEqualTo("temporarily_unavailable");
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
    }
    HttpResponse<String> after = refresh(tokens.getString("refresh_token"));
    assertThat(after.statusCode()).as("the refresh token survived the outage: " + after.body()).isEqualTo(200);
    assertThat(exchange(code).getString("access_token")).as("and so did the unclaimed code").isNotBlank();
  }

  @Test
  void rp_initiated_logout_ends_the_session_and_the_upstream_sign_in_and_lands_on_the_client() throws Exception {
    JsonObject tokens = exchange(login().get("code"));
    String access = tokens.getString("access_token");

    HttpResponse<String> logout = get(server.url("/oauth/logout?client_id=" + clientId + "&post_logout_redirect_uri="
        + URLEncoder.encode("http://127.0.0.1:7777/", StandardCharsets.UTF_8) + "&state=bye&id_token_hint=" + access));
    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(303);
    String toUpstream = logout.headers().firstValue("Location").orElseThrow();
    assertThat(toUpstream).startsWith(idp.issuer()).doesNotContain("id_token_hint");
    HttpResponse<String> upstream = get(toUpstream);
    assertThat(upstream.statusCode()).as(upstream.body()).isEqualTo(303);
    HttpResponse<String> back = get(upstream.headers().firstValue("Location").orElseThrow());

    assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
    assertThat(back.headers().firstValue("Location")).hasValue("http://127.0.0.1:7777/?state=bye");
    assertThat(refresh(tokens.getString("refresh_token")).statusCode()).as("the session ended").isEqualTo(400);
    assertThat(server.send("GET", "/v1/auth/verify", access, null).statusCode()).isEqualTo(401);
    assertThat(get(server.url("/oauth/logout/callback?state=forged")).statusCode()).isEqualTo(400);
    seen.forEach(SessionsServeIT::assertNoUpstreamToken);
  }

  @Test
  void revoking_the_refresh_token_ends_the_session_and_its_access_token() throws Exception {
    JsonObject tokens = exchange(login().get("code"));
    String access = tokens.getString("access_token");
    assertThat(server.send("GET", "/v1/auth/verify", access, null).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = server.send("POST", "/oauth/revoke", null, "token=" + tokens.getString("refresh_token") + "&client_id=" + clientId,
        "Content-Type", "application/x-www-form-urlencoded");

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(refresh(tokens.getString("refresh_token")).statusCode()).isEqualTo(400);
    assertThat(server.send("GET", "/v1/auth/verify", access, null).statusCode()).as("the BFF JWT died with its session").isEqualTo(401);
  }

  @Test
  void readiness_reports_the_broker_enabled_and_discovery_advertises_the_authorization_endpoint() {
    assertThat(server.send("GET", "/health/ready", null, null).body()).contains("\"broker\"").contains("reachable");
    JsonObject metadata = new JsonObject(server.send("GET", "/.well-known/oauth-authorization-server", null, null).body());
    assertThat(metadata.getString("authorization_endpoint")).isEqualTo(server.issuer() + "/oauth/authorize");
    assertThat(metadata.getJsonArray("code_challenge_methods_supported").getList()).containsExactly("S256");
  }

  @Test
  void rfc6749_5_2_an_unknown_client_is_invalid_client_before_its_missing_parameters_are_looked_at() {
    HttpResponse<String> stranger = server.send("POST", "/oauth/token", null, "grant_type=refresh_token&client_id=no-such-client",
        "Content-Type", "application/x-www-form-urlencoded");
    HttpResponse<String> known = token("grant_type=refresh_token");

    assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(401);
    assertThat(new JsonObject(stranger.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(known.statusCode()).as(known.body()).isEqualTo(400);
    assertThat(new JsonObject(known.body()).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void errors_before_the_redirect_uri_is_trusted_are_a_400_page() throws Exception {
    HttpResponse<String> unknownClient = get(server.url("/oauth/authorize?response_type=code&client_id=nobody&redirect_uri=" + SPA_REDIRECT));
    HttpResponse<String> foreignRedirect = get(server.url("/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=https://evil.example.com/cb"));
    HttpResponse<String> noPkce = get(server.url("/oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
        + URLEncoder.encode(SPA_REDIRECT, StandardCharsets.UTF_8) + "&state=s"));

    assertThat(unknownClient.statusCode()).isEqualTo(400);
    assertThat(foreignRedirect.statusCode()).isEqualTo(400);
    assertThat(foreignRedirect.headers().firstValue("Location")).isEmpty();
    assertThat(noPkce.statusCode()).isEqualTo(303);
    assertThat(query(noPkce.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_request").containsEntry("state", "s");
  }
}
