package dev.portcullis.application.session.port.in;

import java.net.URI;

/** {@code grant_type=authorization_code} for a browser session (RFC 6749 §4.1.3, RFC 7636 §4.6). */
public interface RedeemSessionCode {
  TokenOutcome redeem(String clientId, String code, URI redirectUri, String codeVerifier);
}
