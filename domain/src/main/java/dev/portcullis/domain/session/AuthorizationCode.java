package dev.portcullis.domain.session;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** A Portcullis authorization code: stored by its SHA-256 only, 60 seconds, single use, bound to client, redirect URI and PKCE challenge. */
public record AuthorizationCode(byte[] hash, String sessionId, String clientId, URI redirectUri, String codeChallenge, Instant expiresAt) {
  public AuthorizationCode {
    hash = hash.clone();
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
