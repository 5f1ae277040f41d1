package dev.portcullis.bootstrap.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JoseAccessTokenCodec;
import dev.portcullis.adapter.crypto.JoseJwsKeys;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.SecureTokenGenerator;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.grant.InMemoryClientStore;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.adapter.memory.session.InMemorySessionStore;
import dev.portcullis.adapter.memory.key.InMemorySigningKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.key.SigningKeySettings;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.session.BrokerSettings;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.LogoutOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker's protocol rules with the real crypto and the in-memory store, against a scripted upstream and a hand-moved clock. */
class SessionBrokerTest {
  private static final String ISSUER = "https://auth.example.com";
  private static final URI REDIRECT = URI.create("https://app.example.com/callback");
  private static final String VERIFIER = "v".repeat(43) + "-verifier";
  private static final String UPSTREAM_ACCESS = "UPSTREAM-ACCESS-SENTINEL-1";
  private static final String UPSTREAM_REFRESH = "UPSTREAM-REFRESH-SENTINEL-1";
  private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private final InMemoryClientStore clients = new InMemoryClientStore();
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final ScriptedUpstream upstream = new ScriptedUpstream();
  private final TinkEnvelope envelope = new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), clock);
  private final SigningKeysService signingKeys = new SigningKeysService(new InMemorySigningKeyStore(), new JoseJwsKeys(), new InMemorySecretStore(),
      envelope, new Auditor(new InMemoryAuditLog(), clock), clock, new SigningKeySettings(SigningAlgorithm.ES256, Duration.ofMinutes(10), Duration.ofHours(1)));
  private final AccessTokens accessTokens = new AccessTokens(signingKeys, new JoseAccessTokenCodec(), new SecureTokenGenerator(),
      new dev.portcullis.application.shared.Revocations(dev.portcullis.application.testing.LocalFeed.on(clock).feed(), clock),
      clock, ISSUER, "urn:portcullis:upstream", Duration.ofMinutes(5), SigningAlgorithm.ES256, 100);
  private Broker broker = broker(Duration.ofSeconds(5));

  private Broker broker(Duration grace) {
    return broker(store, grace);
  }

  private Broker broker(SessionStore sessions, Duration grace) {
    return Broker.of(clients, upstream, sessions, envelope, accessTokens, new SecureTokenGenerator(), clock,
        new BrokerSettings(ISSUER, URI.create(ISSUER + "/oauth/callback"), URI.create(ISSUER + "/oauth/logout/callback"), List.of("openid", "email"), Set.of("email", "name", "groups"),
            Duration.ofMinutes(15), Duration.ofHours(12), grace, Duration.ofSeconds(60), 1_000, 1_000),
        dev.portcullis.application.shared.port.out.Suspension.PLAIN, new Auditor(audit, clock));
  }

  @BeforeEach
  void registerSpa() {
    signingKeys.ensureSigningKey();
    ClientMetadata spa = new ClientMetadata("spa", List.of("authorization_code", "refresh_token"), List.of("code"), List.of(REDIRECT),
        TokenEndpointAuthMethod.NONE, Optional.empty(), Optional.empty(), Set.of("openid", "profile"), new TenantId("shop"));
    clients.add(new RegisteredClient("spa", spa, Optional.empty(), new byte[32], clock.instant()));
  }

  private StartBrowserLogin.AuthorizeRequest request(Optional<String> challenge, Optional<String> method) {
    return new StartBrowserLogin.AuthorizeRequest("spa", Optional.of(REDIRECT.toString()), Optional.of("code"), challenge, method, Optional.of("client-state"),
        Optional.of("openid"), Optional.of("bob"), Optional.empty());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new HashMap<>();
    Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
        .forEach(p -> parameters.put(p[0], URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    return parameters;
  }

  /** authorize → upstream → callback: the client's code. */
  private String login() {
    AuthorizeOutcome.Redirect toUpstream = (AuthorizeOutcome.Redirect) broker.authorize(request(Optional.of(Pkce.challengeOf(VERIFIER)), Optional.of("S256")));
    Map<String, String> upstreamQuery = query(toUpstream.location());
    upstream.nonce = upstreamQuery.get("nonce");
    AuthorizeOutcome.Redirect toClient = (AuthorizeOutcome.Redirect) broker.callback(upstreamQuery.get("state"), Optional.of("upstream-code"), Optional.empty(),
        Optional.empty());
    return query(toClient.location()).get("code");
  }

  private TokenOutcome.Issued tokens() {
    return (TokenOutcome.Issued) broker.exchangeCode("spa", login(), REDIRECT, VERIFIER);
  }

  @Test
  void errors_before_the_redirect_uri_is_trusted_are_a_page_never_a_redirect() {
    assertThat(broker.authorize(new StartBrowserLogin.AuthorizeRequest("nobody", Optional.of(REDIRECT.toString()), Optional.of("code"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    assertThat(broker.authorize(new StartBrowserLogin.AuthorizeRequest("spa", Optional.of("https://evil.example.com/cb"), Optional.of("code"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
  }

  @Test
  void rfc7636_pkce_s256_is_mandatory_plain_and_missing_are_invalid_request_redirects() {
    for (var method : List.of(Optional.<String>empty(), Optional.of("plain"))) {
      AuthorizeOutcome outcome = broker.authorize(request(Optional.of(Pkce.challengeOf(VERIFIER)), method));
      Map<String, String> q = query(((AuthorizeOutcome.Redirect) outcome).location());
      assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "client-state");
    }
  }

  @Test
  void the_upstream_gets_our_own_state_nonce_and_pkce_and_the_forwarded_login_hint() {
    AuthorizeOutcome.Redirect redirect = (AuthorizeOutcome.Redirect) broker.authorize(request(Optional.of(Pkce.challengeOf(VERIFIER)), Optional.of("S256")));
    Map<String, String> q = query(redirect.location());
    assertThat(q.get("state")).isNotEqualTo("client-state").hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("nonce")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("code_challenge")).isNotEqualTo(Pkce.challengeOf(VERIFIER));
    assertThat(q).containsEntry("login_hint", "bob");
  }

  @Test
  void rfc9207_the_callback_redirects_with_code_state_and_iss_and_upstream_errors_are_relayed() {
    AuthorizeOutcome.Redirect toUpstream = (AuthorizeOutcome.Redirect) broker.authorize(request(Optional.of(Pkce.challengeOf(VERIFIER)), Optional.of("S256")));
    String upstreamState = query(toUpstream.location()).get("state");

    AuthorizeOutcome denied = broker.callback(upstreamState, Optional.empty(), Optional.of("access_denied"), Optional.of("no"));

    assertThat(query(((AuthorizeOutcome.Redirect) denied).location())).containsEntry("error", "access_denied").containsEntry("state", "client-state");
    assertThat(broker.callback(upstreamState, Optional.of("c"), Optional.empty(), Optional.empty())).as("the state is single use")
        .isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    String code = login();
    assertThat(code).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  void the_code_exchange_checks_pkce_and_issues_a_bff_jwt_with_sid_limited_by_the_upstream_token() {
    upstream.accessTtl = Duration.ofMinutes(10);
    String code = login();
    assertThat(broker.exchangeCode("spa", code, REDIRECT, "w".repeat(43))).isInstanceOf(TokenOutcome.Rejected.class);

    TokenOutcome.Issued issued = tokens();

    var claims = accessTokens.active(issued.accessToken()).orElseThrow();
    assertThat(claims.sessionId()).isPresent();
    assertThat(claims.subject()).isEqualTo("bob-sub");
    assertThat(claims.identity().email()).hasValue("bob@example.com");
    assertThat(issued.expiresIn()).as("min(15 min, upstream 10 min)").isEqualTo(Duration.ofMinutes(10));
    assertThat(issued.accessToken() + issued.refreshToken()).doesNotContain(UPSTREAM_ACCESS).doesNotContain(UPSTREAM_REFRESH);
  }

  @Test
  void rfc6749_4_1_2_a_replayed_code_is_invalid_grant_and_revokes_the_session_it_created() {
    String code = login();
    TokenOutcome.Issued first = (TokenOutcome.Issued) broker.exchangeCode("spa", code, REDIRECT, VERIFIER);

    TokenOutcome replay = broker.exchangeCode("spa", code, REDIRECT, VERIFIER);

    assertThat(((TokenOutcome.Rejected) replay).error()).isEqualTo("invalid_grant");
    assertThat(accessTokens.active(first.accessToken())).as("its access token dies with the session").isEmpty();
    assertThat(broker.refresh("spa", first.refreshToken())).isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(upstream.revocations).hasValue(1);
  }

  @Test
  void login_and_reuse_are_security_events_in_the_tenants_audit_log_by_the_session_with_its_user_beside_it() {
    String code = login();
    TokenOutcome.Issued first = (TokenOutcome.Issued) broker.exchangeCode("spa", code, REDIRECT, VERIFIER);

    broker.exchangeCode("spa", code, REDIRECT, VERIFIER);

    var events = audit.query(clients.find("spa").orElseThrow().metadata().tenant(),
        new dev.portcullis.application.audit.port.out.AuditLog.AuditQuery(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), 1,
            50)).items().stream().map(dev.portcullis.domain.audit.AuditRecord::event).toList();
    assertThat(events).extracting(e -> e.action().wireName()).contains("session.login", "session.reuse");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.actor()).startsWith("session:");
      assertThat(e.subject()).isNotBlank();
    });
    assertThat(events.toString()).doesNotContain(first.accessToken(), first.refreshToken(), code);
  }

  @Test
  void refresh_rotates_and_reuse_after_the_grace_window_revokes_the_whole_session() {
    TokenOutcome.Issued issued = tokens();
    TokenOutcome.Issued rotated = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());
    assertThat(rotated.refreshToken()).isNotEqualTo(issued.refreshToken());

    clock.advance(Duration.ofSeconds(6));
    TokenOutcome reuse = broker.refresh("spa", issued.refreshToken());

    assertThat(((TokenOutcome.Rejected) reuse).error()).isEqualTo("invalid_grant");
    assertThat(broker.refresh("spa", rotated.refreshToken())).as("the family is gone").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(accessTokens.active(rotated.accessToken())).isEmpty();
  }

  @Test
  void a_retry_within_the_grace_window_gets_the_same_successor() {
    TokenOutcome.Issued issued = tokens();
    TokenOutcome.Issued first = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    clock.advance(Duration.ofSeconds(2));
    TokenOutcome.Issued retry = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    assertThat(retry.refreshToken()).isEqualTo(first.refreshToken());
    assertThat(broker.refresh("spa", first.refreshToken())).isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void a_retry_after_a_lost_response_gets_the_identical_access_token_with_expires_in_from_its_exp() {
    TokenOutcome.Issued issued = tokens();
    TokenOutcome.Issued first = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    clock.advance(Duration.ofSeconds(3));
    TokenOutcome.Issued retry = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    assertThat(retry.accessToken()).as("not a token minted per retry").isEqualTo(first.accessToken());
    assertThat(retry.refreshToken()).isEqualTo(first.refreshToken());
    assertThat(retry.expiresIn()).isEqualTo(first.expiresIn().minusSeconds(3));
    assertThat(retry.scope()).isEqualTo(first.scope());
    assertThat(accessTokens.active(retry.accessToken())).isPresent();
  }

  @Test
  void without_a_grace_window_the_second_use_is_reuse() {
    broker = broker(Duration.ZERO);
    TokenOutcome.Issued issued = tokens();
    TokenOutcome.Issued first = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    assertThat(broker.refresh("spa", issued.refreshToken())).as("at the very same instant").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(broker.refresh("spa", first.refreshToken())).as("the family is gone").isInstanceOf(TokenOutcome.Rejected.class);
  }

  /**
   * A store that lets another request win the rotation just before this one's: the interleaving of a
   * race, made deterministic. The winner rotates {@code later} after this request started.
   */
  private SessionStore losingTo(Broker winnerBroker, String refreshToken, Duration later, AtomicReference<TokenOutcome> winner) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class}, (proxy, method, arguments) -> {
      if (method.getName().equals("rotateRefresh") && winner.get() == null) {
        clock.advance(later);
        winner.set(winnerBroker.refresh("spa", refreshToken));
      }
      try {
        return method.invoke(store, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  @Test
  void without_a_grace_window_a_request_that_started_before_the_rotation_and_lost_the_race_is_reuse() {
    broker = broker(Duration.ZERO);
    TokenOutcome.Issued issued = tokens();
    AtomicReference<TokenOutcome> winner = new AtomicReference<>();
    Broker loserNode = broker(losingTo(broker, issued.refreshToken(), Duration.ofMillis(1), winner), Duration.ZERO);

    TokenOutcome loser = loserNode.refresh("spa", issued.refreshToken());

    assertThat(winner.get()).isInstanceOf(TokenOutcome.Issued.class);
    assertThat(loser).as("started before the rotation, observed it after: still a second presentation").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(((TokenOutcome.Rejected) loser).error()).isEqualTo("invalid_grant");
    assertThat(accessTokens.active(((TokenOutcome.Issued) winner.get()).accessToken())).as("reuse ends the session").isEmpty();
  }

  @Test
  void within_the_grace_window_a_request_that_lost_the_race_gets_the_winners_refresh_and_access_token() {
    TokenOutcome.Issued issued = tokens();
    AtomicReference<TokenOutcome> winner = new AtomicReference<>();
    Broker loserNode = broker(losingTo(broker, issued.refreshToken(), Duration.ofSeconds(2), winner), Duration.ofSeconds(5));

    TokenOutcome.Issued loser = (TokenOutcome.Issued) loserNode.refresh("spa", issued.refreshToken());

    TokenOutcome.Issued won = (TokenOutcome.Issued) winner.get();
    assertThat(loser.refreshToken()).isEqualTo(won.refreshToken());
    assertThat(loser.accessToken()).isEqualTo(won.accessToken());
    assertThat(loser.expiresIn()).isEqualTo(won.expiresIn());
  }

  @Test
  void a_rotation_stored_before_the_answer_was_sealed_whole_still_answers_a_retry_with_its_successor() {
    TokenOutcome.Issued issued = tokens();
    String sid = accessTokens.active(issued.accessToken()).orElseThrow().sessionId().orElseThrow();
    String successor = "legacy-successor-" + "x".repeat(26); // the older layout sealed the successor alone
    store.rotateRefresh(CredentialHash.of(issued.refreshToken()), new RefreshToken(CredentialHash.of(successor), sid, "spa", clock.instant().plusSeconds(3_600)),
        envelope.seal(SecretBytes.ofUtf8(successor), Session.binding(clients.find("spa").orElseThrow().metadata().tenant(), sid)), clock.instant());

    clock.advance(Duration.ofSeconds(1));
    TokenOutcome.Issued retry = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());

    assertThat(retry.refreshToken()).isEqualTo(successor);
    assertThat(accessTokens.active(retry.accessToken())).as("a fresh access token, as before").isPresent();
    assertThat(broker.refresh("spa", successor)).isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void parallel_refreshes_with_one_token_rotate_once_and_a_near_expiry_upstream_token_is_refreshed_once() throws Exception {
    upstream.accessTtl = Duration.ofSeconds(30); // shorter than the 60 s refresh-ahead window: due at half its life
    TokenOutcome.Issued issued = tokens();
    clock.advance(Duration.ofSeconds(16));
    upstream.refreshDelay = Duration.ofMillis(200);
    int threads = 12;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<TokenOutcome>> results = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return broker.refresh("spa", issued.refreshToken());
        }));
      }
    }

    List<String> successors = new ArrayList<>();
    List<String> accessTokenValues = new ArrayList<>();
    for (Future<TokenOutcome> result : results) {
      successors.add(((TokenOutcome.Issued) result.get()).refreshToken());
      accessTokenValues.add(((TokenOutcome.Issued) result.get()).accessToken());
    }
    assertThat(successors).as("one rotation; the others, within the grace window, get the same successor").containsOnly(successors.get(0));
    assertThat(accessTokenValues).as("and the same access token").containsOnly(accessTokenValues.get(0));
    assertThat(upstream.refreshes).as("exactly one upstream call").hasValue(1);
  }

  @Test
  void a_just_renewed_short_lived_upstream_token_is_not_renewed_again_by_the_next_refresh() {
    upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued issued = tokens();
    clock.advance(Duration.ofSeconds(16));
    TokenOutcome.Issued renewed = (TokenOutcome.Issued) broker.refresh("spa", issued.refreshToken());
    assertThat(upstream.refreshes).hasValue(1);
    upstream.accessTtl = Duration.ofSeconds(30);

    broker.refresh("spa", renewed.refreshToken());

    assertThat(upstream.refreshes).as("the renewal of a moment ago is good for half its life").hasValue(1);
  }

  @Test
  void upstream_invalid_grant_ends_the_session_and_upstream_outage_keeps_it() {
    upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued issued = tokens();
    clock.advance(Duration.ofSeconds(16));

    upstream.refreshResult = new UpstreamProvider.TokenResult.Unavailable(Duration.ofSeconds(3), "503");
    TokenOutcome outage = broker.refresh("spa", issued.refreshToken());
    assertThat(outage).isEqualTo(new TokenOutcome.Rejected("temporarily_unavailable", ((TokenOutcome.Rejected) outage).description(),
        Optional.of(Duration.ofSeconds(3))));
    assertThat(accessTokens.active(issued.accessToken())).as("the session survives").isPresent();

    upstream.refreshResult = new UpstreamProvider.TokenResult.Rejected("invalid_grant", "gone");
    TokenOutcome gone = broker.refresh("spa", issued.refreshToken());
    assertThat(((TokenOutcome.Rejected) gone).error()).isEqualTo("invalid_grant");
    assertThat(accessTokens.active(issued.accessToken())).isEmpty();
  }

  @Test
  void revoking_the_refresh_or_access_token_ends_the_session() {
    TokenOutcome.Issued a = tokens();
    TokenOutcome.Issued b = tokens();

    assertThat(broker.revoke("spa", a.refreshToken())).isTrue();
    assertThat(broker.revoke("spa", b.accessToken())).isTrue();
    assertThat(broker.revoke("spa", "unknown")).isFalse();

    assertThat(accessTokens.active(a.accessToken())).isEmpty();
    assertThat(broker.refresh("spa", b.refreshToken())).isInstanceOf(TokenOutcome.Rejected.class);
  }

  @Test
  void rp_initiated_logout_ends_the_session_visits_the_upstream_without_its_tokens_and_returns_to_the_client() {
    TokenOutcome.Issued session = tokens();
    URI destination = URI.create("https://app.example.com/");

    LogoutOutcome.Redirect toUpstream = (LogoutOutcome.Redirect) broker.logout("spa", Optional.of(session.accessToken()),
        destination, Optional.of("bye"));

    assertThat(toUpstream.location().toString()).startsWith("https://idp.example.com/logout").doesNotContain(UPSTREAM_ACCESS).doesNotContain(UPSTREAM_REFRESH)
        .doesNotContain("id-token");
    assertThat(query(toUpstream.location())).containsEntry("post_logout_redirect_uri", ISSUER + "/oauth/logout/callback");
    assertThat(broker.refresh("spa", session.refreshToken())).as("the session ended").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(upstream.revocations).as("upstream refresh token revoked (RFC 7009)").hasValue(1);
    String state = query(toUpstream.location()).get("state");
    assertThat(broker.logoutReturned(state)).isEqualTo(new LogoutOutcome.Redirect(URI.create("https://app.example.com/?state=bye")));
    String forged = state.substring(0, state.length() - 2) + (state.endsWith("A") ? "BB" : "AA");
    assertThat(broker.logoutReturned(forged)).as("an altered state").isInstanceOf(LogoutOutcome.Refused.class);
    assertThat(broker.logoutReturned("x.y.z")).isInstanceOf(LogoutOutcome.Refused.class);
    clock.advance(Duration.ofMinutes(11));
    assertThat(broker.logoutReturned(state)).as("expired").isInstanceOf(LogoutOutcome.Refused.class);
  }

  @Test
  void logout_refuses_an_unregistered_destination_and_without_a_session_goes_straight_back() {
    assertThat(broker.logout("spa", Optional.empty(), URI.create("https://evil.example.com/"), Optional.empty()))
        .isInstanceOf(LogoutOutcome.Refused.class);
    assertThat(broker.logout("spa", Optional.of("not-a-token"), URI.create("https://app.example.com/"), Optional.of("s")))
        .isEqualTo(new LogoutOutcome.Redirect(URI.create("https://app.example.com/?state=s")));
  }

  @Test
  void sentinel_upstream_tokens_appear_in_no_outcome_jwt_redirect_or_log_line_on_any_path() {
    List<String> seen = new ArrayList<>();
    try (dev.portcullis.bootstrap.LogCapture logs = new dev.portcullis.bootstrap.LogCapture()) {
      upstream.accessTtl = Duration.ofSeconds(30);
      TokenOutcome.Issued issued = tokens();
      seen.add(issued.toString() + issued.accessToken() + new String(java.util.Base64.getUrlDecoder().decode(issued.accessToken().split("\\.")[1]),
          StandardCharsets.UTF_8));
      clock.advance(Duration.ofSeconds(16));
      TokenOutcome renewed = broker.refresh("spa", issued.refreshToken());
      seen.add(renewed.toString());
      upstream.refreshResult = new UpstreamProvider.TokenResult.Unavailable(Duration.ofSeconds(3), "503");
      clock.advance(Duration.ofSeconds(16));
      seen.add(broker.refresh("spa", ((TokenOutcome.Issued) renewed).refreshToken()).toString());
      upstream.refreshResult = new UpstreamProvider.TokenResult.Rejected("invalid_grant", "gone");
      seen.add(broker.refresh("spa", ((TokenOutcome.Issued) renewed).refreshToken()).toString());
      TokenOutcome.Issued second = tokens();
      seen.add(broker.logout("spa", Optional.of(second.accessToken()), URI.create("https://app.example.com/"), Optional.of("s")).toString());
      seen.add(logs.text());
    }
    for (String text : seen) {
      assertThat(text).doesNotContain(UPSTREAM_ACCESS).doesNotContain(UPSTREAM_REFRESH).doesNotContain("id-token");
    }
  }

  /** A scripted upstream: counts calls, checks the nonce, returns sentinel tokens. */
  static final class ScriptedUpstream implements UpstreamProvider {
    volatile String nonce;
    volatile Duration accessTtl = Duration.ofMinutes(5);
    volatile Duration refreshDelay = Duration.ZERO;
    volatile TokenResult refreshResult;
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger revocations = new AtomicInteger();

    @Override
    public Discovery discovery() {
      return new Discovery("https://idp.example.com", URI.create("https://idp.example.com/auth"), URI.create("https://idp.example.com/token"),
          URI.create("https://idp.example.com/jwks"), Optional.empty(), Optional.empty());
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
      return dev.portcullis.application.shared.UriQuery.append(URI.create("https://idp.example.com/auth"), Map.of("state", request.state(), "nonce", request.nonce(),
          "code_challenge", request.codeChallenge(), "login_hint", request.loginHint().orElse("")));
    }

    @Override
    public TokenResult exchangeCode(String code, String codeVerifier, URI redirectUri) {
      return new TokenResult.Tokens(UPSTREAM_ACCESS, Optional.of(UPSTREAM_REFRESH), Optional.of("id-token"), accessTtl, Optional.empty());
    }

    @Override
    public TokenResult refresh(String refreshToken) {
      refreshes.incrementAndGet();
      try {
        Thread.sleep(refreshDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return refreshResult != null ? refreshResult
          : new TokenResult.Tokens(UPSTREAM_ACCESS + "-2", Optional.of(UPSTREAM_REFRESH + "-2"), Optional.empty(), accessTtl, Optional.empty());
    }

    @Override
    public boolean revoke(String token, String tokenTypeHint) {
      revocations.incrementAndGet();
      return true;
    }

    @Override
    public IdTokenResult verifyIdToken(String idToken, String expectedNonce) {
      return expectedNonce.equals(nonce) ? new IdTokenResult.Valid(Map.of("sub", "bob-sub", "email", "bob@example.com", "name", "Bob", "groups", List.of("users")))
          : new IdTokenResult.Invalid("nonce");
    }

    @Override
    public Optional<URI> endSessionUrl(URI postLogoutRedirectUri, String state) {
      return Optional.of(dev.portcullis.application.shared.UriQuery.append(URI.create("https://idp.example.com/logout"),
          Map.of("post_logout_redirect_uri", postLogoutRedirectUri.toString(), "state", state)));
    }
  }
}
