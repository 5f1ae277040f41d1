package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;

/** {@code DELETE …/providers/{id}}. */
public interface DeleteProvider {
  ConnectionOutcome<Provider> delete(RequestContext context, TenantId tenant, String providerId);
}
