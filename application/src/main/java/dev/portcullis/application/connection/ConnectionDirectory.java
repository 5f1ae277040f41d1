package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How every connection use case finds a tenant's providers and connections (another tenant's are
 * "not found") and checks that the caller may act, auditing a refusal.
 */
final class ConnectionDirectory {
  /** The actor of what happens without a caller: the provider's callback, background polling and refreshes. */
  static final RequestContext SYSTEM = new RequestContext(new Principal.Admin("system:connect"), "", "");
  private static final Pattern ID = Pattern.compile("con_[A-Za-z0-9_-]{1,64}");
  final ProviderStore providers;
  final ConnectionStore store;
  final Auditor auditor;

  ConnectionDirectory(ProviderStore providers, ConnectionStore store, Auditor auditor) {
    this.providers = providers;
    this.store = store;
    this.auditor = auditor;
  }

  Optional<Provider> provider(TenantId tenant, String providerId) {
    return providers.find(providerId).filter(p -> p.tenant().equals(tenant));
  }

  Optional<Connection> connection(TenantId tenant, String connectionId) {
    if (!ID.matcher(connectionId).matches()) {
      return Optional.empty();
    }
    return store.find(connectionId).filter(c -> c.tenant().equals(tenant));
  }

  /**
   * The tenant's provider a new connection may start at: the caller may create connections (a refusal is
   * audited) and the provider exists in the tenant. Who may not learns nothing more.
   */
  ConnectionOutcome<Provider> providerToConnect(RequestContext context, TenantId tenant, String providerId) {
    if (!allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_CREATE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    return provider(tenant, providerId).<ConnectionOutcome<Provider>>map(ConnectionOutcome.Ok::new).orElseGet(ConnectionOutcome.NotFound::new);
  }

  boolean allowed(RequestContext context, TenantId tenant, Permission permission, AuditAction action, String target) {
    if (context.principal().may(permission, tenant)) {
      return true;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return false;
  }
}
