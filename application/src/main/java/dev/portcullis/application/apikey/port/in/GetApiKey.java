package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;

/** {@code GET /v1/tenants/{tenant}/api-keys/{id}}. */
public interface GetApiKey {
  ApiKeyOutcome<ApiKey> get(RequestContext context, TenantId tenant, String keyId);
}
