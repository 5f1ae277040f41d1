package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.port.out.ProviderOAuth.DeviceStart;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.ManageConnections;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.secret.SealedFields;
import dev.portcullis.application.shared.SingleFlight;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.DevicePoll;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.UnicodeText;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.domain.secret.SealedValue;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Connections to third-party providers and the valid access token on request. Tokens are sealed in the
 * store (bound to the connection id) and leave only through {@link #token}; refreshing is lazy,
 * ahead of expiry, and single-flight per connection on a node (SingleFlight) and across nodes (a
 * lease in the shared store). A failed refresh never changes the stored tokens.
 */
public final class ConnectionsService implements ManageConnections {
  private static final Pattern ID = Pattern.compile("con_[A-Za-z0-9_-]{1,64}");
  private static final Set<String> RESERVED = Set.of("grant_type", "client_id", "client_secret", "client_assertion", "client_assertion_type", "code",
      "redirect_uri", "code_verifier", "refresh_token", "device_code", "password", "username");
  private static final RequestContext CALLBACK = new RequestContext(new Principal.Admin("system:connect"), "", "");
  private final ProviderStore providers;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final IdTokenVerifier idTokens;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final Auditor auditor;
  private final InstantSource clock;
  private final Suspension suspension;
  private final ConnectSettings settings;
  private final SingleFlight<String, ConnectionOutcome<AccessToken>> refreshes;

  public ConnectionsService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, IdTokenVerifier idTokens, Envelope envelope,
                            TokenGenerator random, Auditor auditor, InstantSource clock, Suspension suspension, ConnectSettings settings) {
    this.providers = providers;
    this.store = store;
    this.oauth = oauth;
    this.idTokens = idTokens;
    this.envelope = envelope;
    this.random = random;
    this.auditor = auditor;
    this.clock = clock;
    this.suspension = suspension;
    this.settings = settings;
    this.refreshes = new SingleFlight<>(suspension);
  }

  /** The sealed token set of a connection. */
  private record Tokens(String accessToken, String tokenType, Optional<String> refreshToken, Optional<String> idToken) {
    SealedValue seal(Envelope envelope, TenantId tenant, String connectionId) {
      return SealedFields.seal(envelope, Connection.binding(tenant, connectionId), Optional.of(accessToken), Optional.of(tokenType), refreshToken, idToken);
    }

    static Tokens open(Envelope envelope, Connection connection) {
      List<Optional<String>> fields = SealedFields.open(envelope, connection.tokens().orElseThrow(), Connection.binding(connection.tenant(), connection.id()), 4);
      return new Tokens(fields.get(0).orElse(""), fields.get(1).orElse("Bearer"), fields.get(2), fields.get(3));
    }

    @Override
    public String toString() {
      return "Tokens[sealed]";
    }
  }

  // ---------------------------------------------------------------- authorization code + PKCE

  @Override
  public ConnectionOutcome<Authorization> authorize(RequestContext context, TenantId tenant, String providerId, AuthorizeRequest request) {
    if (!allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_CREATE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Provider> provider = provider(tenant, providerId);
    if (provider.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    if (!provider.get().allows("authorization_code")) {
      return new ConnectionOutcome.Invalid<>("authorization_code is not enabled for this provider");
    }
    if (!provider.get().returnUrls().contains(request.returnUrl())) {
      return new ConnectionOutcome.Invalid<>("return_url is not one of the provider's return_urls");
    }
    Optional<String> problem = scopeProblem(request.scopes());
    if (problem.isPresent()) {
      return new ConnectionOutcome.Invalid<>(problem.get());
    }
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider.get())) {
      case Endpoints.Unresolved unresolved -> {
        return unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    Instant now = clock.instant();
    String state = random.randomToken(32);
    String verifier = random.randomToken(32);
    List<String> scopes = request.scopes().orElse(provider.get().scopes());
    boolean openid = scopes.contains("openid");
    Optional<String> nonce = openid ? Optional.of(random.randomToken(24)) : Optional.empty();
    byte[] stateHash = CredentialHash.of(state);
    PendingAuthorization pending = new PendingAuthorization(stateHash, tenant, providerId,
        SealedFields.seal(envelope, PendingAuthorization.binding(tenant, stateHash), Optional.of(verifier), nonce), request.returnUrl(), Set.copyOf(scopes),
        now.plus(settings.pendingTtl()));
    if (!store.savePending(pending, settings.maxPending(), now)) {
      return new ConnectionOutcome.Unavailable<>(Duration.ofSeconds(30), "too many connections are being started; retry shortly");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", provider.get().clientId());
    query.put("redirect_uri", settings.callbackUri().toString());
    if (!scopes.isEmpty()) {
      query.put("scope", String.join(" ", scopes));
    }
    query.put("state", state);
    query.put("code_challenge", Pkce.challengeOf(verifier));
    query.put("code_challenge_method", "S256");
    nonce.ifPresent(n -> query.put("nonce", n));
    request.loginHint().ifPresent(hint -> query.put("login_hint", hint));
    request.prompt().ifPresent(prompt -> query.put("prompt", prompt));
    return new ConnectionOutcome.Ok<>(new Authorization(withQuery(endpoints.authorization().orElseThrow(), query), state));
  }

  @Override
  public CallbackOutcome callback(String state, Optional<String> code, Optional<String> error, Optional<String> errorDescription) {
    Instant now = clock.instant();
    if (state == null || state.isEmpty() || state.length() > 200) {
      return new CallbackOutcome.ErrorPage("the state parameter is missing or invalid");
    }
    Optional<PendingAuthorization> taken = store.takePending(CredentialHash.of(state), now);
    if (taken.isEmpty()) {
      return new CallbackOutcome.ErrorPage("this connection attempt is unknown, already completed or expired; start again");
    }
    PendingAuthorization pending = taken.get();
    Map<String, String> back = new LinkedHashMap<>();
    back.put("state", state);
    Optional<Provider> provider = providers.find(pending.providerId());
    if (provider.isEmpty()) {
      return back(pending, back, "invalid_request", "the provider was deleted");
    }
    if (error.isPresent()) {
      return back(pending, back, UnicodeText.printable(error.get()), errorDescription.map(UnicodeText::printable).orElse("the provider refused"));
    }
    if (code.isEmpty()) {
      return back(pending, back, "invalid_request", "the provider sent neither code nor error");
    }
    List<Optional<String>> secrets = SealedFields.open(envelope, pending.secrets(), PendingAuthorization.binding(pending.tenant(), pending.stateHash()), 2);
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider.get())) {
      case Endpoints.Unresolved unresolved -> {
        return back(pending, back, "temporarily_unavailable", "the provider's metadata cannot be read");
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "authorization_code");
    grant.put("code", code.get());
    grant.put("redirect_uri", settings.callbackUri().toString());
    grant.put("code_verifier", secrets.get(0).orElseThrow());
    TokenResult result = oauth.token(provider.get(), endpoints, grant);
    if (!(result instanceof TokenResult.Tokens tokens)) {
      return switch (result) {
        case TokenResult.Rejected rejected -> back(pending, back, rejected.error(), rejected.description());
        case TokenResult.Unavailable unavailable -> back(pending, back, "temporarily_unavailable", "the provider cannot be reached; try again");
        default -> back(pending, back, "server_error", "the provider's token response was invalid");
      };
    }
    Optional<String> subject = Optional.empty();
    if (tokens.idToken().isPresent()) {
      Optional<Map<String, Object>> claims = verifyIdToken(provider.get(), endpoints, tokens.idToken().get(), secrets.get(1).orElse(""));
      if (claims.isEmpty()) {
        return back(pending, back, "invalid_request", "the provider's ID token did not verify");
      }
      subject = Optional.ofNullable(claims.get().get("sub")).map(Object::toString);
    } else if (secrets.get(1).isPresent()) {
      return back(pending, back, "invalid_request", "openid was requested but the provider sent no ID token");
    }
    Connection connection = newConnection(pending.tenant(), provider.get(), "authorization_code", tokens, granted(tokens, pending.scope()), subject, now);
    store.add(connection);
    auditor.record(CALLBACK, pending.tenant(), AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
    back.put("connection_id", connection.id());
    return new CallbackOutcome.Redirect(withQuery(pending.returnUrl(), back));
  }

  private Optional<Map<String, Object>> verifyIdToken(Provider provider, ProviderEndpoints endpoints, String idToken, String nonce) {
    if (endpoints.jwks().isEmpty()) {
      return Optional.empty();
    }
    String issuer = provider.issuer().map(URI::toString).orElse("").replaceAll("/+$", "");
    for (int attempt = 0; attempt < 2; attempt++) { // the second fetch only when the key is unknown (rotation)
      Optional<String> jwks = oauth.jwks(endpoints.jwks().get());
      if (jwks.isEmpty()) {
        return Optional.empty();
      }
      IdTokenVerifier.Result result = idTokens.verify(idToken, jwks.get(), issuer, provider.clientId(), nonce, clock.instant());
      if (result instanceof IdTokenVerifier.Valid valid) {
        return Optional.of(valid.claims());
      }
      if (!(result instanceof IdTokenVerifier.Invalid invalid && invalid.unknownKey())) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static CallbackOutcome back(PendingAuthorization pending, Map<String, String> back, String error, String description) {
    back.put("error", error);
    back.put("error_description", description);
    return new CallbackOutcome.Redirect(withQuery(pending.returnUrl(), back));
  }

  // ---------------------------------------------------------------- grants without a browser

  @Override
  public ConnectionOutcome<Connected> connect(RequestContext context, TenantId tenant, String providerId, ConnectRequest request) {
    if (!allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_CREATE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Provider> found = provider(tenant, providerId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    Provider provider = found.get();
    String grantType = request.grantType();
    if (grantType.equals("authorization_code") || grantType.equals("refresh_token")) {
      return new ConnectionOutcome.Invalid<>(grantType + " connections start at POST .../providers/{provider}/authorize");
    }
    if (!provider.allows(grantType)) {
      return new ConnectionOutcome.Invalid<>("grant_type " + UnicodeText.printable(grantType) + " is not enabled for this provider");
    }
    Optional<String> problem = scopeProblem(request.scopes());
    if (problem.isPresent()) {
      return new ConnectionOutcome.Invalid<>(problem.get());
    }
    Optional<String> reserved = request.parameters().keySet().stream().filter(RESERVED::contains).findFirst();
    if (reserved.isPresent() || request.parameters().size() > 20) {
      return new ConnectionOutcome.Invalid<>(reserved.map(r -> "parameters may not set " + r).orElse("at most 20 parameters"));
    }
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider)) {
      case Endpoints.Unresolved unresolved -> {
        return unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    List<String> scopes = request.scopes().orElse(provider.scopes());
    Instant now = clock.instant();
    if (grantType.equals(Provider.DEVICE_CODE)) {
      return startDevice(context, tenant, provider, endpoints, scopes, now);
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", grantType);
    if (grantType.equals("password")) {
      if (request.username().isEmpty() || request.password().isEmpty()) {
        return new ConnectionOutcome.Invalid<>("the password grant needs username and password");
      }
      grant.put("username", request.username().get());
      grant.put("password", request.password().get().revealUtf8()); // sent once, never stored
    }
    if (!scopes.isEmpty()) {
      grant.put("scope", String.join(" ", scopes));
    }
    grant.putAll(request.parameters());
    TokenResult result = oauth.token(provider, endpoints, grant);
    if (!(result instanceof TokenResult.Tokens tokens)) {
      return failure(result);
    }
    Connection connection = newConnection(tenant, provider, grantType, tokens, granted(tokens, Set.copyOf(scopes)), Optional.empty(), now);
    store.add(connection);
    auditor.record(context, tenant, AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(new Connected(connection, Optional.empty()));
  }

  private ConnectionOutcome<Connected> startDevice(RequestContext context, TenantId tenant, Provider provider, ProviderEndpoints endpoints,
                                                   List<String> scopes, Instant now) {
    DeviceStart started = oauth.deviceAuthorization(provider, endpoints, String.join(" ", scopes));
    if (!(started instanceof DeviceStart.Started device)) {
      return failure(((DeviceStart.Failed) started).problem());
    }
    String id = "con_" + random.randomToken(12);
    DevicePoll poll = new DevicePoll(SealedFields.seal(envelope, Connection.binding(tenant, id), Optional.of(device.deviceCode())), device.interval(),
        now.plus(device.interval()), now.plus(device.expiresIn()));
    Connection connection = new Connection(id, tenant, provider.id(), Provider.DEVICE_CODE, Optional.empty(), Status.PENDING, Optional.empty(),
        Optional.empty(), Set.copyOf(scopes), Optional.of(poll), now, now);
    store.add(connection);
    auditor.record(context, tenant, AuditAction.CONNECTION_CREATE, id, AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(new Connected(connection, Optional.of(new DeviceAuthorization(device.userCode(), device.verificationUri(),
        device.verificationUriComplete(), device.expiresIn(), device.interval()))));
  }

  @Override
  public int pollDevices() {
    Instant now = clock.instant();
    int polled = 0;
    for (Connection due : store.dueDevicePolls(now, 50)) {
      if (!store.lease(due.id(), now.plus(ConnectSettings.LEASE), now)) {
        continue; // another node polls it
      }
      try {
        Optional<Connection> current = store.find(due.id()).filter(c -> c.status() == Status.PENDING && c.device().isPresent());
        if (current.isPresent() && !current.get().device().get().nextPollAt().isAfter(now)) {
          pollDevice(current.get(), now);
          polled++;
        }
      } finally {
        store.release(due.id());
      }
    }
    return polled;
  }

  /** RFC 8628 §3.4–3.5: one poll, honouring authorization_pending, slow_down, access_denied and expired_token. */
  private void pollDevice(Connection connection, Instant now) {
    DevicePoll poll = connection.device().orElseThrow();
    if (!poll.expiresAt().isAfter(now)) {
      fail(connection, "expired_token", now);
      return;
    }
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isEmpty()) {
      fail(connection, "provider_deleted", now);
      return;
    }
    if (!(oauth.endpoints(provider.get()) instanceof Endpoints.Resolved resolved)) {
      store.update(connection.withDevice(new DevicePoll(poll.deviceCode(), poll.interval(), now.plus(poll.interval()), poll.expiresAt()), now));
      return;
    }
    String deviceCode = SealedFields.open(envelope, poll.deviceCode(), Connection.binding(connection.tenant(), connection.id()), 1).get(0).orElseThrow();
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", Provider.DEVICE_CODE);
    grant.put("device_code", deviceCode);
    switch (oauth.token(provider.get(), resolved.metadata().endpoints(), grant)) {
      case TokenResult.Tokens tokens -> {
        Connection active = connection.withTokens(new Tokens(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken(), tokens.idToken())
            .seal(envelope, connection.tenant(), connection.id()), tokens.expiresIn().map(now::plus), granted(tokens, connection.scope()), Optional.empty(), now);
        store.update(active);
        auditor.record(CALLBACK, connection.tenant(), AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
      }
      case TokenResult.Rejected rejected when rejected.error().equals("authorization_pending") ->
          store.update(connection.withDevice(new DevicePoll(poll.deviceCode(), poll.interval(), now.plus(poll.interval()), poll.expiresAt()), now));
      case TokenResult.Rejected rejected when rejected.error().equals("slow_down") -> {
        Duration slower = poll.interval().plusSeconds(5); // RFC 8628 §3.5
        store.update(connection.withDevice(new DevicePoll(poll.deviceCode(), slower, now.plus(slower), poll.expiresAt()), now));
      }
      case TokenResult.Rejected rejected -> fail(connection, rejected.error(), now);
      case TokenResult.Unavailable unavailable -> {
        Duration wait = unavailable.retryAfter().compareTo(poll.interval()) > 0 ? unavailable.retryAfter() : poll.interval();
        store.update(connection.withDevice(new DevicePoll(poll.deviceCode(), poll.interval(), now.plus(wait), poll.expiresAt()), now));
      }
      case TokenResult.Malformed malformed -> fail(connection, "invalid_response", now);
    }
  }

  private void fail(Connection connection, String why, Instant now) {
    store.update(connection.withStatus(Status.FAILED, now));
    auditor.record(CALLBACK, connection.tenant(), AuditAction.CONNECTION_CREATE, connection.id() + " " + UnicodeText.printable(why), AuditOutcome.FAILURE);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> providerId, Optional<String> after, int limit) {
    if (!context.principal().may(Permission.CONNECTIONS_READ, tenant)) {
      return new ConnectionOutcome.Denied<>();
    }
    if (limit < 1 || limit > 100) {
      return new ConnectionOutcome.Invalid<>("limit must be between 1 and 100");
    }
    List<Connection> page = store.list(tenant, providerId, after, limit + 1);
    Optional<String> next = page.size() > limit ? Optional.of(page.get(limit - 1).id()) : Optional.empty();
    return new ConnectionOutcome.Ok<>(new Listing(page.subList(0, Math.min(limit, page.size())), next));
  }

  @Override
  public ConnectionOutcome<Connection> get(RequestContext context, TenantId tenant, String connectionId) {
    if (!context.principal().may(Permission.CONNECTIONS_READ, tenant)) {
      return new ConnectionOutcome.Denied<>();
    }
    return find(tenant, connectionId).<ConnectionOutcome<Connection>>map(ConnectionOutcome.Ok::new).orElseGet(ConnectionOutcome.NotFound::new);
  }

  // ---------------------------------------------------------------- the token

  @Override
  public ConnectionOutcome<AccessToken> token(RequestContext context, TenantId tenant, String connectionId) {
    if (!allowed(context, tenant, Permission.CONNECTION_TOKENS, AuditAction.CONNECTION_TOKEN, connectionId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Connection> found = find(tenant, connectionId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    Connection connection = found.get();
    Optional<ConnectionOutcome<AccessToken>> unusable = unusable(connection);
    if (unusable.isPresent()) {
      return unusable.get();
    }
    ConnectionOutcome<AccessToken> outcome = fresh(connection, clock.instant()) ? new ConnectionOutcome.Ok<>(accessToken(connection))
        : refreshes.run(connectionId, () -> refreshAcrossNodes(connectionId, connection.accessExpiresAt()));
    auditor.record(context, tenant, AuditAction.CONNECTION_TOKEN, connectionId, outcome instanceof ConnectionOutcome.Ok ? AuditOutcome.SUCCESS
        : AuditOutcome.FAILURE);
    return outcome;
  }

  private static Optional<ConnectionOutcome<AccessToken>> unusable(Connection connection) {
    return switch (connection.status()) {
      case ACTIVE -> Optional.empty();
      case PENDING -> Optional.of(new ConnectionOutcome.Conflict<>("authorization_pending", "the device authorization is still waiting for the user"));
      case NEEDS_REAUTH -> Optional.of(new ConnectionOutcome.Conflict<>("needs_reauth", "the provider refused the refresh token; connect again"));
      case FAILED -> Optional.of(new ConnectionOutcome.Conflict<>("connection_failed", "the connection could not be completed; connect again"));
    };
  }

  private boolean fresh(Connection connection, Instant now) {
    return connection.accessExpiresAt().map(expiry -> expiry.isAfter(now.plus(settings.refreshBuffer()))).orElse(true);
  }

  private AccessToken accessToken(Connection connection) {
    Tokens tokens = Tokens.open(envelope, connection);
    return new AccessToken(tokens.accessToken(), tokens.tokenType(), connection.accessExpiresAt(), String.join(" ", connection.scope().stream().sorted().toList()));
  }

  /**
   * @param seenExpiry the expiry that made us refresh: a different one in the store means another
   *     request (on any node) refreshed meanwhile
   */
  private ConnectionOutcome<AccessToken> refreshAcrossNodes(String connectionId, Optional<Instant> seenExpiry) {
    Instant deadline = clock.instant().plusSeconds(10);
    while (!store.lease(connectionId, clock.instant().plus(ConnectSettings.LEASE), clock.instant())) {
      Optional<ConnectionOutcome<AccessToken>> settled = settled(connectionId, seenExpiry);
      if (settled.isPresent()) {
        return settled.get();
      }
      if (clock.instant().isAfter(deadline)) {
        return new ConnectionOutcome.Unavailable<>(Duration.ofSeconds(1), "the refresh at the provider is taking long; retry");
      }
      suspension.sleep(Duration.ofMillis(50));
    }
    try {
      Optional<ConnectionOutcome<AccessToken>> settled = settled(connectionId, seenExpiry);
      return settled.isPresent() ? settled.get() : refresh(store.find(connectionId).orElseThrow());
    } finally {
      store.release(connectionId);
    }
  }

  /** What another refresh left behind: gone, unusable, or renewed (a different expiry that is fresh). */
  private Optional<ConnectionOutcome<AccessToken>> settled(String connectionId, Optional<Instant> seenExpiry) {
    Optional<Connection> current = store.find(connectionId);
    if (current.isEmpty()) {
      return Optional.of(new ConnectionOutcome.NotFound<>());
    }
    Optional<ConnectionOutcome<AccessToken>> unusable = unusable(current.get());
    if (unusable.isPresent()) {
      return unusable;
    }
    boolean renewed = !current.get().accessExpiresAt().equals(seenExpiry) && fresh(current.get(), clock.instant());
    return renewed ? Optional.of(new ConnectionOutcome.Ok<>(accessToken(current.get()))) : Optional.empty();
  }

  /** Under the lease: client credentials ask again; others use the refresh token. Failures leave the stored tokens as they are. */
  private ConnectionOutcome<AccessToken> refresh(Connection connection) {
    Instant now = clock.instant();
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isEmpty()) {
      return new ConnectionOutcome.Conflict<>("provider_deleted", "the connection's provider was deleted");
    }
    Tokens stored = Tokens.open(envelope, connection);
    boolean stillValid = connection.accessExpiresAt().map(expiry -> expiry.isAfter(now.plusSeconds(1))).orElse(true);
    Map<String, String> grant = new LinkedHashMap<>();
    if (connection.grantType().equals("client_credentials")) {
      grant.put("grant_type", "client_credentials");
      if (!connection.scope().isEmpty()) {
        grant.put("scope", String.join(" ", connection.scope().stream().sorted().toList()));
      }
    } else if (stored.refreshToken().isPresent() && provider.get().allows("refresh_token")) {
      grant.put("grant_type", "refresh_token");
      grant.put("refresh_token", stored.refreshToken().get());
    } else if (stillValid) {
      return new ConnectionOutcome.Ok<>(accessToken(connection)); // nothing to refresh with: hand out what is still valid
    } else {
      return needsReauth(connection, now);
    }
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider.get())) {
      case Endpoints.Unresolved unresolved -> {
        return stillValid ? new ConnectionOutcome.Ok<>(accessToken(connection)) : unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    TokenResult result = oauth.token(provider.get(), endpoints, grant);
    return switch (result) {
      case TokenResult.Tokens tokens -> {
        Tokens renewed = new Tokens(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken().or(stored::refreshToken),
            tokens.idToken().or(stored::idToken));
        Connection updated = connection.withTokens(renewed.seal(envelope, connection.tenant(), connection.id()), tokens.expiresIn().map(now::plus),
            granted(tokens, connection.scope()), Optional.empty(), now);
        store.update(updated);
        auditor.record(CALLBACK, connection.tenant(), AuditAction.CONNECTION_REFRESH, connection.id(), AuditOutcome.SUCCESS);
        yield new ConnectionOutcome.Ok<>(accessToken(updated));
      }
      case TokenResult.Rejected rejected when rejected.error().equals("invalid_grant") && !connection.grantType().equals("client_credentials") ->
          needsReauth(connection, now);
      case TokenResult.Unavailable unavailable when stillValid -> new ConnectionOutcome.Ok<>(accessToken(connection));
      default -> failure(result);
    };
  }

  private ConnectionOutcome<AccessToken> needsReauth(Connection connection, Instant now) {
    store.update(connection.withStatus(Status.NEEDS_REAUTH, now));
    auditor.record(CALLBACK, connection.tenant(), AuditAction.CONNECTION_REAUTH_NEEDED, connection.id(), AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Conflict<>("needs_reauth", "the provider refused the refresh token; connect again");
  }

  // ---------------------------------------------------------------- delete

  @Override
  public ConnectionOutcome<Connection> delete(RequestContext context, TenantId tenant, String connectionId) {
    if (!allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_DELETE, connectionId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Connection> found = find(tenant, connectionId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    Connection connection = found.get();
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isPresent() && connection.tokens().isPresent() && oauth.endpoints(provider.get()) instanceof Endpoints.Resolved resolved) {
      Tokens tokens = Tokens.open(envelope, connection);
      boolean revoked = tokens.refreshToken().map(refresh -> oauth.revoke(provider.get(), resolved.metadata().endpoints(), refresh, "refresh_token"))
          .orElseGet(() -> oauth.revoke(provider.get(), resolved.metadata().endpoints(), tokens.accessToken(), "access_token"));
      auditor.record(context, tenant, AuditAction.CONNECTION_REVOKE, connectionId, revoked ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE);
    }
    store.delete(connectionId);
    auditor.record(context, tenant, AuditAction.CONNECTION_DELETE, connectionId, AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(connection);
  }

  // ---------------------------------------------------------------- helpers

  private Connection newConnection(TenantId tenant, Provider provider, String grantType, TokenResult.Tokens tokens, Set<String> scope,
                                   Optional<String> subject, Instant now) {
    String id = "con_" + random.randomToken(12);
    SealedValue sealed = new Tokens(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken(), tokens.idToken()).seal(envelope, tenant, id);
    return new Connection(id, tenant, provider.id(), grantType, subject, Status.ACTIVE, Optional.of(sealed), tokens.expiresIn().map(now::plus), scope,
        Optional.empty(), now, now);
  }

  /** RFC 6749 §5.1: the scope the provider granted, when it says; else what was asked. */
  private static Set<String> granted(TokenResult.Tokens tokens, Set<String> requested) {
    return tokens.scope().map(s -> Arrays.stream(s.split(" ")).filter(p -> !p.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new)))
        .<Set<String>>map(Set::copyOf).orElse(requested);
  }

  private static <T> ConnectionOutcome<T> failure(TokenResult result) {
    return switch (result) {
      case TokenResult.Rejected rejected -> new ConnectionOutcome.ProviderRejected<>(rejected.error(), rejected.description());
      case TokenResult.Malformed malformed -> new ConnectionOutcome.ProviderMalformed<>(malformed.reason());
      case TokenResult.Unavailable unavailable -> new ConnectionOutcome.Unavailable<>(unavailable.retryAfter(), unavailable.reason());
      case TokenResult.Tokens tokens -> throw new IllegalArgumentException("not a failure");
    };
  }

  private static <T> ConnectionOutcome<T> unresolved(Endpoints.Unresolved unresolved) {
    return unresolved.unavailable() ? new ConnectionOutcome.Unavailable<>(ProviderOAuth.DEFAULT_RETRY_AFTER, unresolved.reason())
        : new ConnectionOutcome.ProviderMalformed<>(unresolved.reason());
  }

  private static Optional<String> scopeProblem(Optional<List<String>> scopes) {
    return scopes.filter(list -> list.size() > 100 || !list.stream().allMatch(s -> s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}")))
        .map(list -> "scopes must be at most 100 RFC 6749 scope tokens");
  }

  private Optional<Provider> provider(TenantId tenant, String providerId) {
    return providers.find(providerId).filter(p -> p.tenant().equals(tenant));
  }

  private Optional<Connection> find(TenantId tenant, String connectionId) {
    if (!ID.matcher(connectionId).matches()) {
      return Optional.empty();
    }
    return store.find(connectionId).filter(c -> c.tenant().equals(tenant));
  }

  private boolean allowed(RequestContext context, TenantId tenant, Permission permission, AuditAction action, String target) {
    if (context.principal().may(permission, tenant)) {
      return true;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return false;
  }

  static URI withQuery(URI base, Map<String, String> parameters) {
    StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
    parameters.forEach((name, value) -> {
      if (!query.isEmpty()) {
        query.append('&');
      }
      query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    String text = base.toString();
    int cut = text.indexOf('?') >= 0 ? text.indexOf('?') : (text.indexOf('#') >= 0 ? text.indexOf('#') : text.length());
    return URI.create(text.substring(0, cut) + "?" + query);
  }
}
