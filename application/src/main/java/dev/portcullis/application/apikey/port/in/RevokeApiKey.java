package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.shared.TenantId;

/** Revokes the key and every token minted from it, on every node (within a second without Redis). Revoking twice is fine. */
public interface RevokeApiKey {
  ApiKeyOutcome<ApiKey> revoke(RequestContext context, TenantId tenant, String keyId);
}
