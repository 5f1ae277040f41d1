package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/tenants/{tenant}/providers}: a page of the tenant's providers (never a secret). */
public interface ListProviders {
  ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit);

  record Listing(List<Provider> providers, Optional<String> nextCursor) {}
}
