package dev.portcullis.application.key.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.key.SigningKey;
import java.util.List;
import java.util.Optional;

/** An administrator reads every signing key with its schedule. */
public interface ListSigningKeys {
  /** Every key; empty if the caller is not an administrator. */
  Optional<List<SigningKey>> list(RequestContext context);
}
