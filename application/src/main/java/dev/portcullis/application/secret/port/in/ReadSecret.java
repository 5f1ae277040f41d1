package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import java.util.OptionalInt;

/** A secret use case: the value of the latest version, or of {@code version} (an audited read). */
public interface ReadSecret {
  SecretOutcome<RevealedSecret> read(RequestContext context, TenantId tenant, SecretName name, OptionalInt version);
}
