package dev.portcullis.domain.session;

import java.time.Instant;
import java.util.Objects;

/** An opaque BFF refresh token, stored by its SHA-256 only; rotated on every use, one family per session. */
public record RefreshToken(byte[] hash, String sessionId, String clientId, Instant expiresAt) {
  public RefreshToken {
    hash = hash.clone();
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
