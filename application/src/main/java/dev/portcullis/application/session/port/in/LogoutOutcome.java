package dev.portcullis.application.session.port.in;

import java.net.URI;

/** Where a browser goes after RP-initiated logout, or why nobody is redirected. */
public sealed interface LogoutOutcome {
  record Redirect(URI location) implements LogoutOutcome {}

  /** The post_logout_redirect_uri is not registered for the client: nobody is redirected. */
  record Refused(String reason) implements LogoutOutcome {}
}
