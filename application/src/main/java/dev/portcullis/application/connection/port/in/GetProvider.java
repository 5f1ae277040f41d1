package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;

/** {@code GET /v1/tenants/{tenant}/providers/{id}}. */
public interface GetProvider {
  ConnectionOutcome<Provider> get(RequestContext context, TenantId tenant, String providerId);
}
