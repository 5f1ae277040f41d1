package dev.portcullis.application.key.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.key.SigningKey;
import java.util.Optional;

/** An administrator adds a signing key that starts signing after the overlap. */
public interface RotateSigningKey {
  /** The new key; empty if the caller is not an administrator. */
  Optional<SigningKey> rotate(RequestContext context);
}
