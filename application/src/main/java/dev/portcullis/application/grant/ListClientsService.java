package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.ListClients;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.util.Optional;

/** Lists a tenant's clients for a caller who may register them there (the same rule as registration: {@link Permission#ADMINISTER}). */
public final class ListClientsService implements ListClients {
  private final ClientStore clients;

  public ListClientsService(ClientStore clients) {
    this.clients = clients;
  }

  @Override
  public Optional<Page<RegisteredClient>> list(RequestContext caller, TenantId tenant, int page, int perPage) {
    Page.check(page, perPage);
    return caller.principal().may(Permission.ADMINISTER, tenant) ? Optional.of(clients.list(tenant, page, perPage)) : Optional.empty();
  }
}
