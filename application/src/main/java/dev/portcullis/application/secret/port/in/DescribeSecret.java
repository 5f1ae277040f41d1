package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;

/** A secret use case: the secret's record without any value (the existence check). */
public interface DescribeSecret {
  SecretOutcome<SecretRecord> describe(RequestContext context, TenantId tenant, SecretName name);
}
