package dev.portcullis.application.session.port.in;

import java.util.Optional;

/** {@code GET /oauth/callback}: the upstream came back with a code or an error; the browser goes back to the client. */
public interface CompleteBrowserLogin {
  AuthorizeOutcome complete(String upstreamState, Optional<String> code, Optional<String> error, Optional<String> errorDescription);
}
