package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;

/**
 * An administrator makes a new root key (KEK) primary, without re-encrypting values: the data keys
 * wrapped by older KEKs are re-wrapped in the background, and older KEKs keep unwrapping meanwhile.
 */
public interface RotateRootKey {
  SecretOutcome<RootKeyStatus> rotate(RequestContext context);
}
