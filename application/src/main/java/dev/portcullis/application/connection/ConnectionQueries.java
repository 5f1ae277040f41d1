package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Reading connections (one class for the two reads: they change together, with the read permission and
 * the listing's shape). Reads are not audited; tokens never leave through here.
 */
public final class ConnectionQueries implements ListConnections, GetConnection {
  private final ConnectionDirectory directory;
  private final ConnectionStore store;

  public ConnectionQueries(ProviderStore providers, ConnectionStore store, Auditor auditor) {
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.store = store;
  }

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
    return directory.connection(tenant, connectionId).<ConnectionOutcome<Connection>>map(ConnectionOutcome.Ok::new).orElseGet(ConnectionOutcome.NotFound::new);
  }
}
