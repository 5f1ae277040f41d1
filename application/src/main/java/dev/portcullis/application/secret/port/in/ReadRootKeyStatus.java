package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;

/** An administrator reads how far re-wrapping under the primary root key has come. */
public interface ReadRootKeyStatus {
  SecretOutcome<RootKeyStatus> status(RequestContext context);
}
