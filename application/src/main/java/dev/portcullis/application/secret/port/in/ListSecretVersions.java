package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.secret.port.out.SecretStore.VersionInfo;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;

/** A secret use case: every version's number, time and author (never a value). */
public interface ListSecretVersions {
  SecretOutcome<List<VersionInfo>> versions(RequestContext context, TenantId tenant, SecretName name);
}
