package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.util.OptionalInt;
import java.util.Set;

/** Creates a secret or adds its next version. */
public interface SaveSecret {
  SecretOutcome<Written> save(RequestContext context, Save command);

  /** {@code description}/{@code tags} null = keep; {@code expectedVersion} from If-Match. */
  record Save(TenantId tenant, SecretName name, SecretBytes value, String description, Set<String> tags, String createdBy,
              OptionalInt expectedVersion) {}
}
