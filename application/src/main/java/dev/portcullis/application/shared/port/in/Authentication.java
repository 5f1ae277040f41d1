package dev.portcullis.application.shared.port.in;

import dev.portcullis.domain.shared.Principal;

/** Outcome of {@link AuthenticateCaller}: a principal, or why there is none (for the audit log). */
public sealed interface Authentication {
  record Authenticated(Principal principal) implements Authentication {}

  record Rejected(Reason reason) implements Authentication {}

  enum Reason {
    /** The credential matches nothing this service issued or was configured with. */
    UNKNOWN_CREDENTIAL
  }
}
