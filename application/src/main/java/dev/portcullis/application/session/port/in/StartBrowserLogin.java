package dev.portcullis.application.session.port.in;

import java.util.Optional;

/** {@code GET /oauth/authorize}: a browser app's login starts; the browser goes to the upstream provider. */
public interface StartBrowserLogin {
  AuthorizeOutcome start(AuthorizeRequest request);

  /** {@code nonce}: OpenID Connect Core §3.1.2.1, echoed in the ID token. */
  record AuthorizeRequest(String clientId, Optional<String> redirectUri, Optional<String> responseType, Optional<String> codeChallenge,
                          Optional<String> codeChallengeMethod, Optional<String> state, Optional<String> scope, Optional<String> loginHint,
                          Optional<String> prompt, Optional<String> nonce) {
    public AuthorizeRequest(String clientId, Optional<String> redirectUri, Optional<String> responseType, Optional<String> codeChallenge,
                            Optional<String> codeChallengeMethod, Optional<String> state, Optional<String> scope, Optional<String> loginHint,
                            Optional<String> prompt) {
      this(clientId, redirectUri, responseType, codeChallenge, codeChallengeMethod, state, scope, loginHint, prompt, Optional.empty());
    }

    public AuthorizeRequest {
      nonce = java.util.Objects.requireNonNullElse(nonce, Optional.empty());
    }
  }
}
