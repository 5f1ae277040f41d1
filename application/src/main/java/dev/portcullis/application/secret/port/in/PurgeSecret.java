package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;

/** A secret use case: removes a secret and every version for good. */
public interface PurgeSecret {
  SecretOutcome<Void> purge(RequestContext context, TenantId tenant, SecretName name);
}
