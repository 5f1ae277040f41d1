package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;

/** A secret use case: a soft delete: restorable for the retention period. */
public interface DeleteSecret {
  SecretOutcome<SecretRecord> delete(RequestContext context, TenantId tenant, SecretName name);
}
