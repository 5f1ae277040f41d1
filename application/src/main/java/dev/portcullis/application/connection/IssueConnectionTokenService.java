package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.LeasedRefresh;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The valid access token of a connection. Tokens leave the store only through here; refreshing is lazy,
 * ahead of expiry ({@link ConnectSettings#refreshBuffer}), and happens once per connection across every
 * node ({@link LeasedRefresh}). A failed refresh never changes the stored tokens; a refused refresh token
 * makes the connection {@code needs_reauth}. A forced refresh ({@link RefreshConnectionToken}) takes the
 * same path but never settles for the token it was asked to replace (one class for both: they are one rule,
 * differing only in whether a still-valid token may be handed out).
 */
public final class IssueConnectionTokenService implements IssueConnectionToken, RefreshConnectionToken {
  private static final Duration MAX_WAIT = Duration.ofSeconds(10);
  private final ConnectionDirectory directory;
  private final ProviderStore providers;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final Envelope envelope;
  private final Auditor auditor;
  private final InstantSource clock;
  private final ConnectSettings settings;
  private final LeasedRefresh<String, ConnectionOutcome<AccessToken>> refreshes;

  public IssueConnectionTokenService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor,
                                     InstantSource clock, Suspension suspension, ConnectSettings settings) {
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.providers = providers;
    this.store = store;
    this.oauth = oauth;
    this.envelope = envelope;
    this.auditor = auditor;
    this.clock = clock;
    this.settings = settings;
    this.refreshes = new LeasedRefresh<>(LeasedRefresh.Lease.of(store::lease, store::release), ConnectSettings.LEASE, MAX_WAIT, clock, suspension);
  }

  @Override
  public ConnectionOutcome<AccessToken> issue(RequestContext context, TenantId tenant, String connectionId) {
    return obtain(context, tenant, connectionId, false);
  }

  @Override
  public ConnectionOutcome<AccessToken> refresh(RequestContext context, TenantId tenant, String connectionId) {
    return obtain(context, tenant, connectionId, true);
  }

  private ConnectionOutcome<AccessToken> obtain(RequestContext context, TenantId tenant, String connectionId, boolean force) {
    if (!directory.allowed(context, tenant, Permission.CONNECTION_TOKENS, AuditAction.CONNECTION_TOKEN, connectionId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Connection> found = directory.connection(tenant, connectionId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    Connection connection = found.get();
    Optional<ConnectionOutcome<AccessToken>> unusable = unusable(connection);
    if (unusable.isPresent()) {
      return unusable.get();
    }
    Optional<Instant> seenExpiry = connection.accessExpiresAt(); // a different one in the store later: another request refreshed meanwhile
    ConnectionOutcome<AccessToken> outcome = !force && fresh(connection, clock.instant()) ? new ConnectionOutcome.Ok<>(accessToken(connection))
        : refreshes.run(connectionId, () -> settled(connectionId, seenExpiry, force), () -> refresh(store.find(connectionId).orElseThrow(), force),
            () -> new ConnectionOutcome.Unavailable<>(Duration.ofSeconds(1), "the refresh at the provider is taking long; retry"));
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

  /** Whether the stored token has more than its provider's refresh buffer (else the deployment's) left. */
  private boolean fresh(Connection connection, Instant now) {
    Duration buffer = providers.find(connection.providerId()).map(p -> p.refreshBufferOr(settings.refreshBuffer())).orElse(settings.refreshBuffer());
    return !connection.refreshDue(now, buffer);
  }

  private AccessToken accessToken(Connection connection) {
    ConnectionTokens tokens = ConnectionTokens.open(envelope, connection);
    return new AccessToken(tokens.accessToken(), tokens.tokenType(), connection.accessExpiresAt(), String.join(" ", connection.scope().stream().sorted().toList()));
  }

  /** What another refresh left behind: gone, unusable, or renewed (a different expiry that is fresh — or any other, for a forced refresh). */
  private Optional<ConnectionOutcome<AccessToken>> settled(String connectionId, Optional<Instant> seenExpiry, boolean force) {
    Optional<Connection> current = store.find(connectionId);
    if (current.isEmpty()) {
      return Optional.of(new ConnectionOutcome.NotFound<>());
    }
    Optional<ConnectionOutcome<AccessToken>> unusable = unusable(current.get());
    if (unusable.isPresent()) {
      return unusable;
    }
    boolean renewed = !current.get().accessExpiresAt().equals(seenExpiry) && (force || fresh(current.get(), clock.instant()));
    return renewed ? Optional.of(new ConnectionOutcome.Ok<>(accessToken(current.get()))) : Optional.empty();
  }

  /**
   * Under the lease: client credentials ask again; others use the refresh token. Failures leave the stored
   * tokens as they are. A forced refresh never falls back to the stored access token.
   */
  private ConnectionOutcome<AccessToken> refresh(Connection connection, boolean force) {
    Instant now = clock.instant();
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isEmpty()) {
      return new ConnectionOutcome.Conflict<>("provider_deleted", "the connection's provider was deleted");
    }
    ConnectionTokens stored = ConnectionTokens.open(envelope, connection);
    boolean stillValid = !force && connection.accessExpiresAt().map(expiry -> expiry.isAfter(now.plusSeconds(1))).orElse(true);
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
        return stillValid ? new ConnectionOutcome.Ok<>(accessToken(connection)) : ProviderAnswers.unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    TokenResult result = oauth.token(provider.get(), endpoints, grant);
    return switch (result) {
      case TokenResult.Tokens tokens -> {
        ConnectionTokens renewed = new ConnectionTokens(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken().or(stored::refreshToken),
            tokens.idToken().or(stored::idToken));
        Connection updated = connection.withTokens(renewed.seal(envelope, connection.tenant(), connection.id()), tokens.expiresIn().map(now::plus),
            ProviderAnswers.granted(tokens, connection.scope()), Optional.empty(), now);
        store.update(updated);
        auditor.record(ConnectionDirectory.SYSTEM, connection.tenant(), AuditAction.CONNECTION_REFRESH, connection.id(), AuditOutcome.SUCCESS);
        yield new ConnectionOutcome.Ok<>(accessToken(updated));
      }
      case TokenResult.Rejected rejected when rejected.error().equals("invalid_grant") && !connection.grantType().equals("client_credentials") ->
          needsReauth(connection, now);
      case TokenResult.Unavailable unavailable when stillValid -> new ConnectionOutcome.Ok<>(accessToken(connection));
      default -> ProviderAnswers.failure(result);
    };
  }

  private ConnectionOutcome<AccessToken> needsReauth(Connection connection, Instant now) {
    store.update(connection.withStatus(Status.NEEDS_REAUTH, now));
    auditor.record(ConnectionDirectory.SYSTEM, connection.tenant(), AuditAction.CONNECTION_REAUTH_NEEDED, connection.id(), AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Conflict<>("needs_reauth", "the provider refused the refresh token; connect again");
  }
}
