package dev.portcullis.domain.session;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A login on its way through the upstream provider: what the client asked for at {@code /oauth/authorize}
 * and the broker's own {@code state}, {@code nonce} and PKCE verifier towards the upstream. Found by the
 * SHA-256 of the upstream {@code state}; single use; lives 10 minutes. {@code clientNonce} is the client's own
 * OpenID {@code nonce}, echoed in its ID token.
 */
public record PendingLogin(byte[] stateHash, String clientId, URI redirectUri, Optional<String> clientState, String codeChallenge, Set<String> scope,
                           String nonce, String upstreamVerifier, Instant expiresAt, Optional<String> clientNonce) {
  public PendingLogin {
    clientNonce = Objects.requireNonNullElse(clientNonce, Optional.empty());
    stateHash = stateHash.clone();
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    clientState = Objects.requireNonNullElse(clientState, Optional.empty());
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    scope = Set.copyOf(scope);
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(upstreamVerifier, "upstreamVerifier");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A login without a client nonce (the client did not ask for OpenID, or sent none). */
  public PendingLogin(byte[] stateHash, String clientId, URI redirectUri, Optional<String> clientState, String codeChallenge, Set<String> scope,
                      String nonce, String upstreamVerifier, Instant expiresAt) {
    this(stateHash, clientId, redirectUri, clientState, codeChallenge, scope, nonce, upstreamVerifier, expiresAt, Optional.empty());
  }

  @Override
  public byte[] stateHash() {
    return stateHash.clone();
  }

  @Override
  public String toString() {
    return "PendingLogin[" + clientId + "]"; // never the verifier
  }
}
