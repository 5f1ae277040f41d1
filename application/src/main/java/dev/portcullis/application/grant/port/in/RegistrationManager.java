package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.RequestContext;

/** Who manages a registered client. */
public sealed interface RegistrationManager {
  /** The client itself, by its registration access token (RFC 7592 §2). */
  record Client(String registrationAccessToken) implements RegistrationManager {
    @Override
    public String toString() {
      return "Client[registration token]";
    }
  }

  /** An authenticated caller; only an administrator may manage clients this way. */
  record Caller(RequestContext context) implements RegistrationManager {}
}
