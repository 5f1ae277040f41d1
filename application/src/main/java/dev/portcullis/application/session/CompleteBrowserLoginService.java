package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.CompleteBrowserLogin;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.application.shared.UriQuery;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /oauth/callback}: the pending login is taken (single use), the upstream code redeemed with our
 * PKCE verifier and its ID token verified against our nonce; a session is created with the upstream tokens
 * sealed, and the browser goes back to the client with our own one-time code (RFC 9207 {@code iss} beside it).
 */
public final class CompleteBrowserLoginService implements CompleteBrowserLogin {
  private final ClientStore clients;
  private final UpstreamProvider upstream;
  private final SessionStore store;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final BrokerSettings settings;
  private final Auditor auditor;

  public CompleteBrowserLoginService(ClientStore clients, UpstreamProvider upstream, SessionStore store, Envelope envelope, TokenGenerator random,
                                     InstantSource clock, BrokerSettings settings, Auditor auditor) {
    this.clients = clients;
    this.upstream = upstream;
    this.store = store;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
    this.settings = settings;
    this.auditor = auditor;
  }

  @Override
  public AuthorizeOutcome complete(String upstreamState, Optional<String> code, Optional<String> error, Optional<String> errorDescription) {
    Instant now = clock.instant();
    Optional<PendingLogin> taken = upstreamState == null ? Optional.empty() : store.takePending(CredentialHash.of(upstreamState), now);
    if (taken.isEmpty()) {
      return new AuthorizeOutcome.ErrorPage("invalid_request", "unknown, expired or already used login state; start the login again");
    }
    PendingLogin pending = taken.get();
    if (error.isPresent()) { // relayed as the OAuth error it is (RFC 6749 §4.1.2.1)
      return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), safeError(error.get()), errorDescription.orElse("the identity provider refused the login"), pending.clientState());
    }
    if (code.isEmpty()) {
      return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "server_error", "the identity provider answered without a code", pending.clientState());
    }
    TokenResult exchanged = upstream.exchangeCode(code.get(), pending.upstreamVerifier(), settings.callbackUri());
    UpstreamProvider.TokenResult.Tokens tokens;
    switch (exchanged) {
      case TokenResult.Tokens t -> tokens = t;
      case TokenResult.Rejected rejected -> {
        return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "access_denied", "the identity provider refused the code exchange: " + rejected.error(), pending.clientState());
      }
      case TokenResult.Unavailable unavailable -> {
        return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "temporarily_unavailable", "the identity provider cannot be reached; try again", pending.clientState());
      }
    }
    if (tokens.idToken().isEmpty()) {
      return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "server_error", "the identity provider sent no id_token", pending.clientState());
    }
    Map<String, Object> claims;
    switch (upstream.verifyIdToken(tokens.idToken().get(), pending.nonce())) {
      case UpstreamProvider.IdTokenResult.Valid valid -> claims = valid.claims();
      case UpstreamProvider.IdTokenResult.Invalid invalid -> {
        return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "access_denied", "the identity provider's id_token is not valid: " + invalid.reason(), pending.clientState());
      }
      case UpstreamProvider.IdTokenResult.Unavailable unavailable -> {
        return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "temporarily_unavailable", "the identity provider's keys cannot be fetched; try again", pending.clientState());
      }
    }
    Optional<RegisteredClient> client = clients.find(pending.clientId());
    if (client.isEmpty() || !(claims.get("sub") instanceof String subject)) {
      return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "access_denied", "the client is gone or the id_token has no subject", pending.clientState());
    }
    String sessionId = Session.TENANT_BOUND + random.randomToken(24);
    Session session = new Session(sessionId, client.get().metadata().tenant(), pending.clientId(), subject, identity(claims), pending.scope(),
        seal(client.get().metadata().tenant(), sessionId, tokens), now.plus(tokens.expiresIn()), now, now, now.plus(settings.sessionLifetime()), Optional.empty());
    store.createSession(session);
    auditor.record("session:" + sessionId, subject, session.tenant(), dev.portcullis.domain.audit.AuditAction.SESSION_LOGIN, sessionId,
        dev.portcullis.domain.audit.AuditOutcome.SUCCESS, "client " + pending.clientId());
    String ourCode = random.randomToken(32);
    if (!store.addCode(new AuthorizationCode(CredentialHash.of(ourCode), sessionId, pending.clientId(), pending.redirectUri(), pending.codeChallenge(),
        now.plus(BrokerSettings.CODE_TTL), pending.clientNonce()), settings.maxOutstandingCodes(), now)) {
      store.endSession(sessionId, now);
      return BrowserRedirects.error(settings.issuer(), pending.redirectUri(), "temporarily_unavailable", "too many logins in progress; try again shortly", pending.clientState());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", ourCode);
    pending.clientState().ifPresent(s -> parameters.put("state", s));
    parameters.put("iss", settings.issuer()); // RFC 9207
    return new AuthorizeOutcome.Redirect(UriQuery.append(pending.redirectUri(), parameters));
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

  private SealedValue seal(TenantId tenant, String sessionId, TokenResult.Tokens tokens) {
    return new UpstreamTokens(tokens.accessToken(), tokens.refreshToken(), tokens.idToken()).seal(envelope, tenant, sessionId);
  }

  /** Only RFC 6749 error codes pass through from upstream; anything else becomes server_error. */
  private static String safeError(String error) {
    return Set.of("invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type", "invalid_scope", "server_error",
        "temporarily_unavailable", "login_required", "consent_required", "interaction_required", "account_selection_required").contains(error)
        ? error : "server_error";
  }
}
