package dev.portcullis.application.apikey.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;

/** Issues a successor with the same grants (shown once); the old key stays valid for the configured grace period. */
public interface RotateApiKey {
  ApiKeyOutcome<CreateApiKey.Created> rotate(RequestContext context, TenantId tenant, String keyId);
}
