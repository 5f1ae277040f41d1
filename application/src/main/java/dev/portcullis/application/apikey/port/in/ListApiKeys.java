package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/tenants/{tenant}/api-keys}: a page of the tenant's keys (never a secret). */
public interface ListApiKeys {
  ApiKeyOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit);

  record Listing(List<ApiKey> keys, Optional<String> nextCursor) {}
}
