package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.ListProviders.Listing;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.RegisterProvider.ProviderRequest;
import dev.portcullis.application.connection.port.in.UpdateProvider;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.AssertionKey;
import dev.portcullis.domain.connection.ClientAuthMethod;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.UnicodeText;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Provider registration: validated (https, discovery with an exact issuer match, grants that fit the
 * client authentication), secrets sealed at once and never returned. Every change is audited.
 */
public final class ProvidersService implements RegisterProvider, ListProviders, GetProvider, UpdateProvider, DeleteProvider {
  private static final Pattern ID = Pattern.compile("prv_[A-Za-z0-9_-]{1,64}");
  private final ProviderStore store;
  private final ConnectionStore connections;
  private final Transactions transactions;
  private final ProviderAccess oauth;
  private final AssertionSigner signer;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final Auditor auditor;
  private final InstantSource clock;
  private final ProviderDefinitions definitions;

  public ProvidersService(ProviderStore store, ConnectionStore connections, Transactions transactions, ProviderAccess oauth, AssertionSigner signer,
                          Envelope envelope, TokenGenerator random, Auditor auditor, InstantSource clock) {
    this.store = store;
    this.connections = connections;
    this.transactions = transactions;
    this.oauth = oauth;
    this.signer = signer;
    this.envelope = envelope;
    this.random = random;
    this.auditor = auditor;
    this.clock = clock;
    this.definitions = new ProviderDefinitions(oauth, signer, envelope, clock);
  }

  @Override
  public ConnectionOutcome<Provider> create(RequestContext context, TenantId tenant, ProviderRequest request) {
    if (!allowed(context, tenant, AuditAction.PROVIDER_CREATE, "*")) {
      return new ConnectionOutcome.Denied<>();
    }
    if (request.name().isEmpty() || request.clientId().isEmpty()) {
      return new ConnectionOutcome.Invalid<>("name and client_id are required");
    }
    String id = "prv_" + random.randomToken(12);
    ConnectionOutcome<Provider> built = definitions.build(id, tenant, request, Optional.empty());
    if (!(built instanceof ConnectionOutcome.Ok<Provider> ok)) {
      return built;
    }
    if (!store.add(ok.value())) {
      return new ConnectionOutcome.Conflict<>("provider_exists", "this tenant already has a provider named " + ok.value().name());
    }
    auditor.record(context, tenant, AuditAction.PROVIDER_CREATE, id, AuditOutcome.SUCCESS);
    return built;
  }

  @Override
  public ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit) {
    if (!context.principal().may(Permission.CONNECTIONS_READ, tenant) && !context.principal().may(Permission.PROVIDERS_WRITE, tenant)) {
      return new ConnectionOutcome.Denied<>();
    }
    if (limit < 1 || limit > 100) {
      return new ConnectionOutcome.Invalid<>("limit must be between 1 and 100");
    }
    List<Provider> page = store.list(tenant, after, limit + 1);
    Optional<String> next = page.size() > limit ? Optional.of(page.get(limit - 1).id()) : Optional.empty();
    return new ConnectionOutcome.Ok<>(new Listing(page.subList(0, Math.min(limit, page.size())), next));
  }

  @Override
  public ConnectionOutcome<Provider> get(RequestContext context, TenantId tenant, String providerId) {
    if (!context.principal().may(Permission.CONNECTIONS_READ, tenant) && !context.principal().may(Permission.PROVIDERS_WRITE, tenant)) {
      return new ConnectionOutcome.Denied<>();
    }
    return find(tenant, providerId).<ConnectionOutcome<Provider>>map(ConnectionOutcome.Ok::new).orElseGet(ConnectionOutcome.NotFound::new);
  }

  @Override
  public ConnectionOutcome<Provider> update(RequestContext context, TenantId tenant, String providerId, ProviderRequest changes) {
    if (!allowed(context, tenant, AuditAction.PROVIDER_UPDATE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Provider> found = find(tenant, providerId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    ConnectionOutcome<Provider> built = definitions.build(providerId, tenant, changes, found); // may fetch discovery: outside any transaction
    if (!(built instanceof ConnectionOutcome.Ok<Provider> ok)) {
      return built;
    }
    boolean moved = !found.get().sameDestination(ok.value());
    return transactions.inTransaction(() -> {
      if (!store.update(ok.value())) {
        return new ConnectionOutcome.Conflict<>("provider_exists", "this tenant already has a provider named " + ok.value().name());
      }
      if (moved) { // tokens obtained from the old destination must never travel to the new one (refresh, revocation on delete)
        requireReauthorization(tenant, providerId);
      }
      auditor.record(context, tenant, AuditAction.PROVIDER_UPDATE, providerId, AuditOutcome.SUCCESS);
      return built;
    });
  }

  @Override
  public ConnectionOutcome<Provider> delete(RequestContext context, TenantId tenant, String providerId) {
    if (!allowed(context, tenant, AuditAction.PROVIDER_DELETE, providerId)) {
      return new ConnectionOutcome.Denied<>();
    }
    Optional<Provider> found = find(tenant, providerId);
    if (found.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    store.delete(providerId);
    auditor.record(context, tenant, AuditAction.PROVIDER_DELETE, providerId, AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(found.get());
  }

  /** Every connection of the provider that holds tokens or waits for a device: {@code NEEDS_REAUTH}, its tokens forgotten. */
  private void requireReauthorization(TenantId tenant, String providerId) {
    Instant now = clock.instant();
    Optional<String> after = Optional.empty();
    List<dev.portcullis.domain.connection.Connection> page;
    do {
      page = connections.list(tenant, Optional.of(providerId), after, 100);
      for (dev.portcullis.domain.connection.Connection connection : page) {
        if (connection.tokens().isPresent() || connection.device().isPresent()) {
          connections.update(connection.reauthorizationRequired(now));
        }
      }
      after = page.isEmpty() ? after : Optional.of(page.get(page.size() - 1).id());
    } while (page.size() == 100);
  }

  Optional<Provider> find(TenantId tenant, String providerId) {
    if (!ID.matcher(providerId).matches()) {
      return Optional.empty();
    }
    return store.find(providerId).filter(p -> p.tenant().equals(tenant));
  }

  private static ConnectionOutcome<Provider> invalid(String message) {
    return new ConnectionOutcome.Invalid<>(message);
  }

  private boolean allowed(RequestContext context, TenantId tenant, AuditAction action, String target) {
    if (context.principal().may(Permission.PROVIDERS_WRITE, tenant)) {
      return true;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return false;
  }
}
