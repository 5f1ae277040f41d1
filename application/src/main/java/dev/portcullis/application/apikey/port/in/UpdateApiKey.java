package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code PATCH /v1/tenants/{tenant}/api-keys/{id}}: name, scopes (never beyond the caller's), origins, expiry. */
public interface UpdateApiKey {
  ApiKeyOutcome<ApiKey> update(RequestContext context, TenantId tenant, String keyId, Changes changes);

  /** Absent fields stay as they are; {@code expiresAt} present-but-empty removes the expiry. */
  record Changes(Optional<String> name, Optional<Set<String>> scopes, Optional<List<String>> allowedOrigins, Optional<Optional<Instant>> expiresAt) {}
}
