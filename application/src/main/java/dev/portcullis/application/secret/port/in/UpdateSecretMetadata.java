package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;
import java.util.OptionalInt;
import java.util.Set;

/** A secret use case: description and tags, compare-and-set on the version when {@code expectedVersion} is given. */
public interface UpdateSecretMetadata {
  SecretOutcome<SecretRecord> updateMetadata(RequestContext context, TenantId tenant, SecretName name, String description,
                                             Set<String> tags, OptionalInt expectedVersion);
}
