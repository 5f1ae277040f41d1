package dev.portcullis.domain.session;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Portcullis authorization code: stored by its SHA-256 only, 60 seconds, single use, bound to client, redirect URI and PKCE challenge;
 * {@code nonce} is the client's OpenID nonce for the ID token.
 */
public record AuthorizationCode(byte[] hash, String sessionId, String clientId, URI redirectUri, String codeChallenge, Instant expiresAt,
                                Optional<String> nonce) {
  public AuthorizationCode(byte[] hash, String sessionId, String clientId, URI redirectUri, String codeChallenge, Instant expiresAt) {
    this(hash, sessionId, clientId, redirectUri, codeChallenge, expiresAt, Optional.empty());
  }

  public AuthorizationCode {
    nonce = Objects.requireNonNullElse(nonce, Optional.empty());
    hash = hash.clone();
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Whether this code, already claimed (single use is the store's atomic claim), may be redeemed by this
   * token request: same client and redirect URI as the authorization request (RFC 6749 §4.1.3), and the
   * verifier of its PKCE challenge (RFC 7636 §4.6). Empty when it may; the reason when not.
   */
  public Optional<String> redemptionRefusal(String requestingClientId, URI requestRedirectUri, String codeVerifier) {
    if (!clientId.equals(requestingClientId) || !redirectUri.equals(requestRedirectUri)) {
      return Optional.of("client_id and redirect_uri must be those of the authorization request");
    }
    if (!Pkce.matches(codeVerifier, codeChallenge)) {
      return Optional.of("code_verifier does not match the code_challenge (RFC 7636 section 4.6)");
    }
    return Optional.empty();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
