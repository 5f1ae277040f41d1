package dev.portcullis.application.session;

import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.grant.TokenStatusService;
import dev.portcullis.application.session.port.in.ManageSessions;
import dev.portcullis.application.session.port.in.SessionBroker;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.application.shared.SingleFlight;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.secret.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The BFF session broker. The browser only ever holds Portcullis's own code, short access JWT and
 * opaque refresh token; the upstream tokens stay sealed in the session store.
 */
public final class SessionBrokerService implements SessionBroker, ManageSessions, TokenStatusService.RevocationExtension {
  private final ClientStore clients;
  private final UpstreamProvider upstream;
  private final SessionStore store;
  private final Envelope envelope;
  private final AccessTokens accessTokens;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final BrokerSettings settings;
  private final dev.portcullis.application.shared.port.out.Suspension suspension;
  private final SingleFlight<String, Optional<TokenOutcome.Rejected>> upstreamRefreshes;

  private final dev.portcullis.application.audit.Auditor auditor;

  public SessionBrokerService(ClientStore clients, UpstreamProvider upstream, SessionStore store, Envelope envelope, AccessTokens accessTokens,
                              TokenGenerator random, InstantSource clock, BrokerSettings settings, dev.portcullis.application.shared.port.out.Suspension suspension,
                              dev.portcullis.application.audit.Auditor auditor) {
    this.auditor = auditor;
    this.suspension = suspension;
    this.upstreamRefreshes = new SingleFlight<>(suspension);
    this.clients = clients;
    this.upstream = upstream;
    this.store = store;
    this.envelope = envelope;
    this.accessTokens = accessTokens;
    this.random = random;
    this.clock = clock;
    this.settings = settings;
  }

  // ---------------------------------------------------------------- authorize

  @Override
  public AuthorizeOutcome authorize(AuthorizeRequest request) {
    Optional<RegisteredClient> found = request.clientId() == null ? Optional.empty() : clients.find(request.clientId());
    if (found.isEmpty() || !found.get().metadata().grantTypes().contains("authorization_code")) {
      return new AuthorizeOutcome.ErrorPage(400, "invalid_client", "unknown client_id, or the client is not registered for the authorization_code grant");
    }
    RegisteredClient client = found.get();
    List<URI> registered = client.metadata().redirectUris();
    URI redirectUri;
    if (request.redirectUri().isPresent()) {
      redirectUri = registered.stream().filter(uri -> uri.toString().equals(request.redirectUri().get())).findFirst().orElse(null);
    } else {
      redirectUri = registered.size() == 1 ? registered.get(0) : null; // RFC 6749 §3.1.2.3
    }
    if (redirectUri == null) {
      return new AuthorizeOutcome.ErrorPage(400, "invalid_request", "redirect_uri does not exactly match a registered redirect URI");
    }
    // From here on errors go back to the client (RFC 6749 §4.1.2.1).
    Optional<String> state = request.state();
    if (!request.responseType().map("code"::equals).orElse(false)) {
      return toClient(redirectUri, "unsupported_response_type", "response_type must be code", state);
    }
    if (!request.codeChallengeMethod().map("S256"::equals).orElse(false) || !request.codeChallenge().map(Pkce::validChallenge).orElse(false)) {
      return toClient(redirectUri, "invalid_request", "PKCE is required: code_challenge (43 base64url characters) with code_challenge_method=S256", state);
    }
    Set<String> scope = request.scope().map(dev.portcullis.domain.grant.ClientMetadata::parseScope).orElse(client.metadata().scope());
    if (!client.metadata().scope().containsAll(scope)) {
      return toClient(redirectUri, "invalid_scope", "the requested scope exceeds the scope registered for this client", state);
    }
    UpstreamProvider.Discovery discovery;
    try {
      discovery = upstream.discovery();
    } catch (UpstreamProvider.DiscoveryFailed e) {
      return toClient(redirectUri, "temporarily_unavailable", "the identity provider cannot be reached; try again shortly", state);
    }
    Instant now = clock.instant();
    String upstreamState = random.randomToken(32);
    String nonce = random.randomToken(32);
    String verifier = random.randomToken(32);
    PendingLogin pending = new PendingLogin(CredentialHash.of(upstreamState), client.clientId(), redirectUri, state, request.codeChallenge().get(), scope,
        nonce, verifier, now.plus(BrokerSettings.PENDING_LOGIN_TTL));
    if (!store.savePending(pending, settings.maxPendingLogins(), now)) {
      return toClient(redirectUri, "temporarily_unavailable", "too many logins in progress; try again shortly", state);
    }
    return new AuthorizeOutcome.Redirect(upstream.authorizationUrl(new UpstreamProvider.AuthorizationRequest(settings.callbackUri(), settings.upstreamScopes(),
        upstreamState, nonce, Pkce.challengeOf(verifier), request.loginHint(), request.prompt())));
  }

  @Override
  public AuthorizeOutcome callback(String upstreamState, Optional<String> code, Optional<String> error, Optional<String> errorDescription) {
    Instant now = clock.instant();
    Optional<PendingLogin> taken = upstreamState == null ? Optional.empty() : store.takePending(CredentialHash.of(upstreamState), now);
    if (taken.isEmpty()) {
      return new AuthorizeOutcome.ErrorPage(400, "invalid_request", "unknown, expired or already used login state; start the login again");
    }
    PendingLogin pending = taken.get();
    if (error.isPresent()) { // relayed as the OAuth error it is (RFC 6749 §4.1.2.1)
      return toClient(pending.redirectUri(), safeError(error.get()), errorDescription.orElse("the identity provider refused the login"), pending.clientState());
    }
    if (code.isEmpty()) {
      return toClient(pending.redirectUri(), "server_error", "the identity provider answered without a code", pending.clientState());
    }
    TokenResult exchanged = upstream.exchangeCode(code.get(), pending.upstreamVerifier(), settings.callbackUri());
    UpstreamProvider.TokenResult.Tokens tokens;
    switch (exchanged) {
      case TokenResult.Tokens t -> tokens = t;
      case TokenResult.Rejected rejected -> {
        return toClient(pending.redirectUri(), "access_denied", "the identity provider refused the code exchange: " + rejected.error(), pending.clientState());
      }
      case TokenResult.Unavailable unavailable -> {
        return toClient(pending.redirectUri(), "temporarily_unavailable", "the identity provider cannot be reached; try again", pending.clientState());
      }
    }
    if (tokens.idToken().isEmpty()) {
      return toClient(pending.redirectUri(), "server_error", "the identity provider sent no id_token", pending.clientState());
    }
    Map<String, Object> claims;
    switch (upstream.verifyIdToken(tokens.idToken().get(), pending.nonce())) {
      case UpstreamProvider.IdTokenResult.Valid valid -> claims = valid.claims();
      case UpstreamProvider.IdTokenResult.Invalid invalid -> {
        return toClient(pending.redirectUri(), "access_denied", "the identity provider's id_token is not valid: " + invalid.reason(), pending.clientState());
      }
      case UpstreamProvider.IdTokenResult.Unavailable unavailable -> {
        return toClient(pending.redirectUri(), "temporarily_unavailable", "the identity provider's keys cannot be fetched; try again", pending.clientState());
      }
    }
    Optional<RegisteredClient> client = clients.find(pending.clientId());
    if (client.isEmpty() || !(claims.get("sub") instanceof String subject)) {
      return toClient(pending.redirectUri(), "access_denied", "the client is gone or the id_token has no subject", pending.clientState());
    }
    String sessionId = Session.TENANT_BOUND + random.randomToken(24);
    Session session = new Session(sessionId, client.get().metadata().tenant(), pending.clientId(), subject, identity(claims), pending.scope(),
        seal(client.get().metadata().tenant(), sessionId, tokens), now.plus(tokens.expiresIn()), now, now, now.plus(settings.sessionLifetime()), Optional.empty());
    store.createSession(session);
    auditor.record("session:" + sessionId, subject, session.tenant(), dev.portcullis.domain.audit.AuditAction.SESSION_LOGIN, sessionId,
        dev.portcullis.domain.audit.AuditOutcome.SUCCESS, "client " + pending.clientId());
    String ourCode = random.randomToken(32);
    if (!store.addCode(new AuthorizationCode(CredentialHash.of(ourCode), sessionId, pending.clientId(), pending.redirectUri(), pending.codeChallenge(),
        now.plus(BrokerSettings.CODE_TTL)), settings.maxOutstandingCodes(), now)) {
      store.endSession(sessionId, now);
      return toClient(pending.redirectUri(), "temporarily_unavailable", "too many logins in progress; try again shortly", pending.clientState());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", ourCode);
    pending.clientState().ifPresent(s -> parameters.put("state", s));
    parameters.put("iss", settings.issuer()); // RFC 9207
    return new AuthorizeOutcome.Redirect(withQuery(pending.redirectUri(), parameters));
  }

  private IdentityClaims identity(Map<String, Object> claims) {
    Set<String> allowed = settings.identityClaims();
    Optional<String> email = allowed.contains("email") && claims.get("email") instanceof String s ? Optional.of(s) : Optional.empty();
    Optional<String> name = allowed.contains("name") && claims.get("name") instanceof String s ? Optional.of(s) : Optional.empty();
    List<String> groups = new ArrayList<>();
    if (allowed.contains("groups") && claims.get("groups") instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(groups::add);
    }
    return new IdentityClaims(email, name, groups);
  }

  // ---------------------------------------------------------------- token endpoint

  @Override
  public TokenOutcome exchangeCode(String clientId, String code, URI redirectUri, String codeVerifier) {
    Instant now = clock.instant();
    switch (store.claimCode(CredentialHash.of(code), now)) { // the atomic claim comes before any other work
      case SessionStore.CodeClaim.Unknown unknown -> {
        return invalidGrant("the authorization code is unknown or expired");
      }
      case SessionStore.CodeClaim.Replayed replayed -> {
        end(replayed.sessionId(), now, Ending.REUSE, "an authorization code came back"); // RFC 6749 §4.1.2: a code used twice revokes what it issued
        return invalidGrant("the authorization code was already used; the session it created is revoked");
      }
      case SessionStore.CodeClaim.Claimed claimed -> {
        AuthorizationCode authorization = claimed.code();
        if (!authorization.clientId().equals(clientId) || !authorization.redirectUri().equals(redirectUri)) {
          return invalidGrant("client_id and redirect_uri must be those of the authorization request");
        }
        if (!Pkce.matches(codeVerifier, authorization.codeChallenge())) {
          return invalidGrant("code_verifier does not match the code_challenge (RFC 7636 section 4.6)");
        }
        Optional<Session> session = store.findSession(authorization.sessionId()).filter(s -> s.activeAt(now));
        if (session.isEmpty()) {
          return invalidGrant("the session of this code has ended");
        }
        String refresh = random.randomToken(32);
        store.addRefresh(new RefreshToken(CredentialHash.of(refresh), session.get().id(), clientId, session.get().expiresAt()));
        return issued(session.get(), refresh);
      }
    }
  }

  @Override
  public TokenOutcome refresh(String clientId, String refreshToken) {
    Instant now = clock.instant();
    byte[] presented = CredentialHash.of(refreshToken);
    Optional<RefreshToken> current = store.findRefresh(presented, now);
    Optional<Session> session = current.flatMap(c -> store.findSession(c.sessionId()));
    if (current.isPresent()) {
      if (!current.get().clientId().equals(clientId)) {
        return invalidGrant("the refresh token was issued to another client");
      }
      if (session.isPresent() && !session.get().upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(now)) {
        Optional<TokenOutcome.Rejected> upstreamProblem = ensureUpstreamFresh(current.get().sessionId()); // before rotating: a 503 leaves the token usable
        if (upstreamProblem.isPresent()) {
          return upstreamProblem.get();
        }
        session = store.findSession(current.get().sessionId()); // the renewed upstream expiry bounds the access token
      }
    }
    String successor = random.randomToken(32);
    Instant successorExpiry = session.map(Session::expiresAt).orElse(now);
    String sessionIdForToken = current.map(RefreshToken::sessionId).orElse("?");
    // The access token is issued before the rotation and sealed with the successor beside the rotated
    // token: whoever wins answers with this pair, and a retry within the grace window gets the very same
    // pair back, not a token minted per retry.
    Optional<Minted> answer = session.filter(s -> s.activeAt(now)).map(s -> mint(s, successor));
    SealedValue sealed = new RotationAnswer(successor, answer.map(m -> m.outcome().accessToken()), answer.map(Minted::accessExpiresAt))
        .seal(envelope, session.map(Session::tenant).orElse(NO_SESSION), sessionIdForToken); // without a session the rotation finds nothing to rotate
    SessionStore.Rotation rotation = store.rotateRefresh(presented, new RefreshToken(CredentialHash.of(successor), sessionIdForToken, clientId, successorExpiry),
        sealed, clock.instant()); // the rotation instant: what a later presentation's grace window is measured from
    Instant observedAt = clock.instant(); // when this request learned the outcome: a loser's window is judged from here, never from its start
    return switch (rotation) {
      case SessionStore.Rotation.Unknown unknown -> invalidGrant("the refresh token is unknown, expired or its session has ended");
      case SessionStore.Rotation.Rotated rotated -> {
        if (!rotated.previous().clientId().equals(clientId)) {
          yield invalidGrant("the refresh token was issued to another client");
        }
        // the rotation itself required the session to be active; the access token was issued just before it
        yield answer.<TokenOutcome>map(Minted::outcome).or(() -> store.findSession(rotated.previous().sessionId()).filter(s -> s.activeAt(observedAt))
            .map(s -> issued(s, successor))).orElseGet(() -> invalidGrant("the session has ended"));
      }
      case SessionStore.Rotation.AlreadyRotated again -> {
        String sid = again.previous().sessionId();
        if (!again.previous().clientId().equals(clientId)) {
          yield invalidGrant("the refresh token was issued to another client");
        }
        yield switch (again.rotation().presentedAgain(observedAt, settings.refreshGrace())) {
          case RETRY -> { // a retry within the grace window: the rotation's answer, unchanged
            yield store.findSession(sid).filter(s -> s.activeAt(observedAt)).<TokenOutcome>map(s -> {
              RotationAnswer same = RotationAnswer.open(envelope, again.sealedSuccessor(), s.tenant(), sid);
              return same.accessToken().isPresent()
                  ? new TokenOutcome.Issued(same.accessToken().get(), remaining(same.accessExpiresAt().orElseThrow(), observedAt), same.refreshToken(), s.scope())
                  : issued(s, same.refreshToken()); // a rotation stored before the answer was sealed whole
            }).orElseGet(() -> invalidGrant("the session has ended"));
          }
          case REUSE -> {
            end(sid, observedAt, Ending.REUSE, "a rotated refresh token came back"); // reuse of a rotated token: the whole family goes
            yield invalidGrant("this refresh token was already used; the session is revoked");
          }
        };
      }
    };
  }

  /** What is left of an access token's life at {@code at}, in whole seconds, never negative. */
  private static Duration remaining(Instant expiresAt, Instant at) {
    Duration left = Duration.ofSeconds(Duration.between(at, expiresAt).toSeconds());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Refreshes the upstream access token when it is about to expire, once per session across concurrent requests. */
  private Optional<TokenOutcome.Rejected> ensureUpstreamFresh(String sessionId) {
    Instant now = clock.instant();
    Optional<Session> session = store.findSession(sessionId);
    if (session.isEmpty() || !session.get().activeAt(now) || session.get().upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(now)) {
      return Optional.empty();
    }
    Instant seenExpiry = session.get().upstreamAccessExpiresAt();
    return upstreamRefreshes.run(sessionId, () -> refreshUpstreamAcrossNodes(sessionId, seenExpiry));
  }

  /**
   * @param seenExpiry the upstream expiry that made us refresh: a later one in the store means another
   *     request (on any node) refreshed meanwhile, even when the new token is short-lived too
   */
  private Optional<TokenOutcome.Rejected> refreshUpstreamAcrossNodes(String sessionId, Instant seenExpiry) {
    Instant deadline = clock.instant().plusSeconds(10);
    while (!store.leaseUpstreamRefresh(sessionId, clock.instant().plusSeconds(15), clock.instant())) {
      // another node refreshes it: wait for its result to land in the store
      Optional<Session> session = store.findSession(sessionId);
      if (session.isEmpty() || !session.get().activeAt(clock.instant())) {
        return Optional.of(invalidGrant("the session has ended"));
      }
      if (renewedSince(session.get(), seenExpiry)) {
        return Optional.empty();
      }
      if (clock.instant().isAfter(deadline)) {
        return Optional.of(unavailable(Duration.ofSeconds(1), "the identity provider refresh is taking long; retry"));
      }
      suspension.sleep(Duration.ofMillis(50));
    }
    try {
      Session session = store.findSession(sessionId).orElse(null);
      Instant now = clock.instant();
      if (session == null || !session.activeAt(now)) {
        return Optional.of(invalidGrant("the session has ended"));
      }
      if (renewedSince(session, seenExpiry)) {
        return Optional.empty(); // refreshed by someone else while we took the lease
      }
      UpstreamTokens stored = UpstreamTokens.open(envelope, session);
      if (stored.refreshToken().isEmpty()) {
        end(sessionId, now, Ending.END, "the identity provider gave no refresh token");
        return Optional.of(invalidGrant("the identity provider gave no refresh token; log in again"));
      }
      return switch (upstream.refresh(stored.refreshToken().get())) {
        case TokenResult.Tokens tokens -> {
          UpstreamTokens merged = new UpstreamTokens(tokens.accessToken(), tokens.refreshToken().or(stored::refreshToken), tokens.idToken().or(stored::idToken));
          Instant obtained = clock.instant();
          store.updateUpstream(sessionId, merged.seal(envelope, session.tenant(), sessionId), obtained.plus(tokens.expiresIn()), obtained);
          yield Optional.empty();
        }
        case TokenResult.Rejected rejected -> {
          end(sessionId, clock.instant(), Ending.END, "the identity provider refused the refresh"); // the upstream grant is gone: so is the session
          yield Optional.of(invalidGrant("the identity provider ended the session (" + rejected.error() + ")"));
        }
        case TokenResult.Unavailable unavailable -> Optional.of(unavailable(unavailable.retryAfter(), "the identity provider cannot be reached; retry shortly"));
      };
    } finally {
      store.releaseUpstreamRefresh(sessionId);
    }
  }

  private boolean renewedSince(Session session, Instant seenExpiry) {
    return session.upstreamAccessExpiresAt().isAfter(seenExpiry)
        || session.upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(clock.instant());
  }

  private TokenOutcome.Issued issued(Session session, String refreshToken) {
    return mint(session, refreshToken).outcome();
  }

  /** A token answer and the {@code exp} of its access token. */
  private record Minted(TokenOutcome.Issued outcome, Instant accessExpiresAt) {}

  private Minted mint(Session session, String refreshToken) {
    Instant now = clock.instant();
    Duration upstreamLeft = Duration.between(now, session.upstreamAccessExpiresAt());
    Duration lifetime = upstreamLeft.compareTo(settings.accessTokenMaxLifetime()) < 0 ? upstreamLeft : settings.accessTokenMaxLifetime();
    if (lifetime.isNegative() || lifetime.isZero()) {
      lifetime = Duration.ofSeconds(1); // the next refresh renews the upstream token
    }
    AccessTokens.Issued issued = accessTokens.session(session.subject(), session.clientId(), session.tenant(), session.scope(), session.identity(),
        lifetime, session.id());
    return new Minted(new TokenOutcome.Issued(issued.token(), lifetime, refreshToken, session.scope()), issued.claims().expiresAt());
  }

  // ---------------------------------------------------------------- revoke, logout

  @Override
  public boolean revoke(String clientId, String token) {
    Instant now = clock.instant();
    Optional<String> sessionId;
    if (token.chars().filter(c -> c == '.').count() == 2) {
      sessionId = accessTokens.current(token).filter(c -> c.clientId().equals(clientId)).flatMap(AccessTokenClaims::sessionId);
    } else {
      sessionId = store.findRefresh(CredentialHash.of(token), now).filter(r -> r.clientId().equals(clientId)).map(RefreshToken::sessionId);
    }
    sessionId.ifPresent(sid -> end(sid, now, Ending.END, "token revoked by client " + clientId));
    return sessionId.isPresent();
  }

  @Override
  public LogoutOutcome logout(String clientId, Optional<String> bffAccessToken, URI postLogoutRedirectUri, Optional<String> state) {
    Instant now = clock.instant();
    Optional<RegisteredClient> client = clients.find(clientId);
    if (client.isEmpty() || !postLogoutAllowed(client.get(), postLogoutRedirectUri)) {
      return new LogoutOutcome.Refused("post_logout_redirect_uri is not registered for this client");
    }
    Optional<String> sid = bffAccessToken.flatMap(accessTokens::current).filter(c -> c.clientId().equals(clientId)).flatMap(AccessTokenClaims::sessionId);
    sid.ifPresent(id -> end(id, now, Ending.END, "logout"));
    Map<String, String> back = new LinkedHashMap<>();
    state.ifPresent(s -> back.put("state", s));
    URI clientDestination = withQuery(postLogoutRedirectUri, back);
    if (sid.isPresent()) {
      // The browser visits the upstream too, to end the upstream's own sign-in there. It comes back to
      // us with a state that carries the client's destination sealed (no store, tamper-proof, expiring);
      // no upstream token rides along (client_id instead of id_token_hint).
      String sealed = LogoutState.seal(envelope, clientDestination, now.plus(BrokerSettings.PENDING_LOGIN_TTL));
      Optional<URI> upstreamLogout = upstream.endSessionUrl(settings.logoutCallbackUri(), sealed);
      if (upstreamLogout.isPresent()) {
        return new LogoutOutcome.Redirect(upstreamLogout.get());
      }
    }
    return new LogoutOutcome.Redirect(clientDestination);
  }

  @Override
  public LogoutOutcome logoutReturned(String state) {
    return LogoutState.open(envelope, state, clock.instant()).<LogoutOutcome>map(LogoutOutcome.Redirect::new)
        .orElseGet(() -> new LogoutOutcome.Refused("the logout state is invalid or has expired"));
  }

  /** A registered post_logout_redirect_uri, or else an exact redirect URI or the origin of one (documented). */
  private static boolean postLogoutAllowed(RegisteredClient client, URI target) {
    String wanted = target.toString();
    return client.metadata().redirectUris().stream().anyMatch(uri -> uri.toString().equals(wanted)
        || (uri.getScheme() + "://" + uri.getRawAuthority() + "/").equals(wanted));
  }

  private enum Ending {
    END,
    /** A spent code or refresh token came back: a security event, and the whole family goes. */
    REUSE
  }

  /**
   * Ends a session everywhere: the store (and its refresh tokens), every access JWT of it, and upstream
   * (RFC 7009, best effort); the audit log says why.
   */
  void end(String sessionId, Instant now, Ending ending, String why) {
    Optional<Session> session = store.findSession(sessionId);
    // the access tokens first: if the store then fails, the session is already useless (its sid is revoked), never half alive
    accessTokens.endSession(sessionId, now.plus(settings.accessTokenMaxLifetime()).plusSeconds(60));
    if (store.endSession(sessionId, now)) {
      session.ifPresent(s -> auditor.record("session:" + sessionId, s.subject(), s.tenant(),
          ending == Ending.REUSE ? dev.portcullis.domain.audit.AuditAction.SESSION_REUSE : dev.portcullis.domain.audit.AuditAction.SESSION_END, sessionId,
          ending == Ending.REUSE ? dev.portcullis.domain.audit.AuditOutcome.DENIED : dev.portcullis.domain.audit.AuditOutcome.SUCCESS, why));
      session.map(s -> UpstreamTokens.open(envelope, s)).flatMap(UpstreamTokens::refreshToken)
          .ifPresent(refresh -> upstream.revoke(refresh, "refresh_token"));
    }
  }

  // ---------------------------------------------------------------- administration

  @Override
  public Optional<List<Session>> list(RequestContext context, TenantId tenant, Optional<String> subject) {
    if (!context.principal().isAdmin()) {
      return Optional.empty();
    }
    return Optional.of(store.sessions(tenant, subject, 100));
  }

  @Override
  public Ended end(RequestContext context, TenantId tenant, String sessionId) {
    if (!context.principal().isAdmin()) {
      return Ended.DENIED;
    }
    Optional<Session> session = store.findSession(sessionId).filter(s -> s.tenant().equals(tenant));
    if (session.isEmpty()) {
      return Ended.NOT_FOUND;
    }
    end(sessionId, clock.instant(), Ending.END, "ended by " + context.principal().credential());
    return Ended.ENDED;
  }

  // ---------------------------------------------------------------- helpers

  private SealedValue seal(TenantId tenant, String sessionId, TokenResult.Tokens tokens) {
    return new UpstreamTokens(tokens.accessToken(), tokens.refreshToken(), tokens.idToken()).seal(envelope, tenant, sessionId);
  }

  /** The tenant a rotation answer is sealed under when there is no session (the rotation then finds nothing to rotate). */
  private static final TenantId NO_SESSION = new TenantId("no-session");

  private static AuthorizeOutcome toClient(URI redirectUri, String error, String description, Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    state.ifPresent(s -> parameters.put("state", s));
    return new AuthorizeOutcome.Redirect(withQuery(redirectUri, parameters));
  }

  /** Only RFC 6749 error codes pass through from upstream; anything else becomes server_error. */
  private static String safeError(String error) {
    return Set.of("invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type", "invalid_scope", "server_error",
        "temporarily_unavailable", "login_required", "consent_required", "interaction_required", "account_selection_required").contains(error)
        ? error : "server_error";
  }

  static URI withQuery(URI base, Map<String, String> parameters) {
    StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
    parameters.forEach((name, value) -> {
      if (!query.isEmpty()) {
        query.append('&');
      }
      query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    String uri = base.toString();
    int cut = uri.indexOf('?');
    return URI.create((cut < 0 ? uri : uri.substring(0, cut)) + "?" + query);
  }

  private static TokenOutcome.Rejected invalidGrant(String description) {
    return new TokenOutcome.Rejected("invalid_grant", description, 400, Optional.empty());
  }

  private static TokenOutcome.Rejected unavailable(Duration retryAfter, String description) {
    return new TokenOutcome.Rejected("temporarily_unavailable", description, 503, Optional.of(retryAfter));
  }

}
