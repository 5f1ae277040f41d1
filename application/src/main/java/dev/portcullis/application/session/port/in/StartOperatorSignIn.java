package dev.portcullis.application.session.port.in;

import java.net.URI;

/**
 * Starts an operator's sign-in to the admin console through the upstream OpenID provider (authorization
 * code + PKCE). The caller keeps {@link Started#state}, {@link Started#verifier} and {@link Started#nonce}
 * (bound to the browser) until the provider sends the browser back to {@code redirectUri}.
 */
public interface StartOperatorSignIn {
  /** @param loginHint passed to the provider (OIDC Core §3.1.2.1) when well-formed: 1-255 printable ASCII characters; ignored otherwise */
  Started start(URI redirectUri, java.util.Optional<String> loginHint);

  record Started(URI authorizationUrl, String state, String verifier, String nonce) {
    @Override
    public String toString() {
      return "Started[" + authorizationUrl.getHost() + "]"; // never the state or the verifier
    }
  }
}
