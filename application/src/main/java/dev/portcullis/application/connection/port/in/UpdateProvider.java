package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;

/** {@code PATCH …/providers/{id}}: absent fields stay as they are; a provider that moves needs its credential again and its connections re-authorize. */
public interface UpdateProvider {
  ConnectionOutcome<Provider> update(RequestContext context, TenantId tenant, String providerId, RegisterProvider.ProviderRequest changes);
}
