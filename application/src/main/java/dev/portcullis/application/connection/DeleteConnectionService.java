package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.util.Optional;

/** Revokes the grant at the provider (RFC 7009: the refresh token, else the access token) when it can, then deletes the connection. */
public final class DeleteConnectionService implements DeleteConnection {
  private final ConnectionDirectory directory;
  private final ConnectionStore store;
  private final ProviderStore providers;
  private final ProviderAccess oauth;
  private final Envelope envelope;
  private final Auditor auditor;

  public DeleteConnectionService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor) {
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.store = store;
    this.providers = providers;
    this.oauth = oauth;
    this.envelope = envelope;
    this.auditor = auditor;
  }

  @Override
  public ConnectionOutcome<Connection> delete(RequestContext context, TenantId tenant, String connectionId) {
    if (!directory.allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_DELETE, connectionId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Connection> found = directory.connection(tenant, connectionId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    Connection connection = found.get();
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isPresent() && connection.tokens().isPresent() && oauth.endpoints(provider.get()) instanceof Endpoints.Resolved resolved) {
      ConnectionTokens tokens = ConnectionTokens.open(envelope, connection);
      boolean revoked = tokens.refreshToken().map(refresh -> oauth.revoke(provider.get(), resolved.metadata().endpoints(), refresh, "refresh_token"))
          .orElseGet(() -> oauth.revoke(provider.get(), resolved.metadata().endpoints(), tokens.accessToken(), "access_token"));
      auditor.record(context, tenant, AuditAction.CONNECTION_REVOKE, connectionId, revoked ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE);
    }
    store.delete(connectionId);
    auditor.record(context, tenant, AuditAction.CONNECTION_DELETE, connectionId, AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(connection);
  }
}
