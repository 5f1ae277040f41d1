package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.TenantId;
import java.util.Optional;

/**
 * {@code GET /v1/tenants/{tenant}/clients}: a tenant's registered clients, newest first (never a secret or a
 * registration token: only hashes are stored). For those who may register them — administrators; empty when
 * the caller may not.
 */
public interface ListClients {
  Optional<Page<RegisteredClient>> list(RequestContext caller, TenantId tenant, int page, int perPage);
}
