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
   * The tenant's provider a new connection by {@code grantType} may start at: the caller may create
   * connections (a refusal is audited), the provider exists in the tenant and has the grant enabled, and
   * the requested scopes are well formed.
   */
  ConnectionOutcome<Provider> providerToConnect(RequestContext context, TenantId tenant, String providerId, String grantType,
                                                Optional<java.util.List<String>> scopes) {
    if (!allowed(context, tenant, Permission.CONNECTIONS_WRITE, AuditAction.CONNECTION_CREATE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Provider> provider = provider(tenant, providerId);
    if (provider.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    if (!provider.get().allows(grantType)) {
      return new ConnectionOutcome.Invalid<>("grant_type " + dev.portcullis.domain.shared.UnicodeText.printable(grantType) + " is not enabled for this provider");
    }
    Optional<String> problem = ProviderAnswers.scopeProblem(scopes);
    return problem.<ConnectionOutcome<Provider>>map(ConnectionOutcome.Invalid::new).orElseGet(() -> new ConnectionOutcome.Ok<>(provider.get()));
  }

  boolean allowed(RequestContext context, TenantId tenant, Permission permission, AuditAction action, String target) {
    if (context.principal().may(permission, tenant)) {
      return true;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return false;
  }
}
