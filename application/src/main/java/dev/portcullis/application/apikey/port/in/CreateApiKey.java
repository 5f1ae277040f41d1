package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code POST /v1/tenants/{tenant}/api-keys}: a new key, shown once; never with more scopes than the caller holds. */
public interface CreateApiKey {
  ApiKeyOutcome<Created> create(RequestContext context, TenantId tenant, NewKey request);

  record NewKey(String name, Set<String> scopes, ApiKeyIdentity identity, List<String> allowedOrigins, Optional<Instant> expiresAt) {}

  /** A new key and its full form, which is never stored and never shown again. */
  record Created(ApiKey key, String fullKey) {
    @Override
    public String toString() {
      return "Created[" + key + "]";
    }
  }
}
