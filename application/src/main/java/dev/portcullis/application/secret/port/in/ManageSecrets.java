package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.secret.port.out.SecretStore.VersionInfo;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything but saving: read (latest or a version), exists, versions, metadata, soft delete,
 * restore, purge, search. Grouped because they share one shape (authorize → store → audit); each
 * method is its own use case.
 */
public interface ManageSecrets {
  SecretOutcome<RevealedSecret> read(RequestContext context, TenantId tenant, SecretName name, OptionalInt version);

  SecretOutcome<SecretRecord> describe(RequestContext context, TenantId tenant, SecretName name);

  SecretOutcome<List<VersionInfo>> versions(RequestContext context, TenantId tenant, SecretName name);

  SecretOutcome<SecretRecord> updateMetadata(RequestContext context, TenantId tenant, SecretName name, String description,
                                             Set<String> tags, OptionalInt expectedVersion);

  SecretOutcome<SecretRecord> delete(RequestContext context, TenantId tenant, SecretName name);

  SecretOutcome<SecretRecord> restore(RequestContext context, TenantId tenant, SecretName name);

  SecretOutcome<Void> purge(RequestContext context, TenantId tenant, SecretName name);

  SecretOutcome<Page<SecretRecord>> search(RequestContext context, TenantId tenant, SecretQuery query);
}
