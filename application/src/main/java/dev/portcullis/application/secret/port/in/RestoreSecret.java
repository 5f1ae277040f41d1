package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;

/** A secret use case: undoes a soft delete within the retention period. */
public interface RestoreSecret {
  SecretOutcome<SecretRecord> restore(RequestContext context, TenantId tenant, SecretName name);
}
