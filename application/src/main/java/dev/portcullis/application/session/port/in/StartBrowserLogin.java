package dev.portcullis.application.session.port.in;

import java.util.Optional;

/** {@code GET /oauth/authorize}: a browser app's login starts; the browser goes to the upstream provider. */
public interface StartBrowserLogin {
  AuthorizeOutcome start(AuthorizeRequest request);

  record AuthorizeRequest(String clientId, Optional<String> redirectUri, Optional<String> responseType, Optional<String> codeChallenge,
                          Optional<String> codeChallengeMethod, Optional<String> state, Optional<String> scope, Optional<String> loginHint,
                          Optional<String> prompt) {}
}
