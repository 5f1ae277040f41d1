package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;

/** A secret use case: a page of the tenant's secrets by text, prefix or tag (never a value). */
public interface SearchSecrets {
  SecretOutcome<Page<SecretRecord>> search(RequestContext context, TenantId tenant, SecretQuery query);
}
