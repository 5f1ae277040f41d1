package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/tenants/{tenant}/api-keys}: create (the key shown once), list, read, change, rotate, revoke. */
public interface ManageApiKeys {
  ApiKeyOutcome<Created> create(RequestContext context, TenantId tenant, NewKey request);

  ApiKeyOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit);

  ApiKeyOutcome<ApiKey> get(RequestContext context, TenantId tenant, String keyId);

  ApiKeyOutcome<ApiKey> update(RequestContext context, TenantId tenant, String keyId, Changes changes);

  /** Revokes the key on every node (within a second with Redis). Revoking twice is fine. */
  ApiKeyOutcome<ApiKey> revoke(RequestContext context, TenantId tenant, String keyId);

  /** Issues a successor with the same grants; the old key stays valid for the configured grace period. */
  ApiKeyOutcome<Created> rotate(RequestContext context, TenantId tenant, String keyId);

  record NewKey(String name, Set<String> scopes, ApiKeyIdentity identity, List<String> allowedOrigins, Optional<Instant> expiresAt) {}

  /** Absent fields stay as they are; {@code expiresAt} present-but-empty removes the expiry. */
  record Changes(Optional<String> name, Optional<Set<String>> scopes, Optional<List<String>> allowedOrigins, Optional<Optional<Instant>> expiresAt) {}

  /** A new key and its full form, which is never stored and never shown again. */
  record Created(ApiKey key, String fullKey) {
    @Override
    public String toString() {
      return "Created[" + key + "]";
    }
  }

  record Listing(List<ApiKey> keys, Optional<String> nextCursor) {}
}
