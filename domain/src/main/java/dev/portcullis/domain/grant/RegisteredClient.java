package dev.portcullis.domain.grant;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered client. Secrets are stored as SHA-256 hashes only: a client secret and a registration
 * access token are 256 random bits, so a fast hash compared in constant time is as strong as a slow
 * password hash and costs nothing per request.
 */
public record RegisteredClient(String clientId, ClientMetadata metadata, Optional<byte[]> secretHash, byte[] registrationTokenHash, Instant issuedAt) {
  public RegisteredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(metadata, "metadata");
    secretHash = secretHash.map(byte[]::clone);
    registrationTokenHash = registrationTokenHash.clone();
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  public boolean secretMatches(byte[] presentedHash) {
    return secretHash.map(h -> MessageDigest.isEqual(h, presentedHash)).orElse(false);
  }

  public boolean registrationTokenMatches(byte[] presentedHash) {
    return MessageDigest.isEqual(registrationTokenHash, presentedHash);
  }

  public RegisteredClient withMetadata(ClientMetadata newMetadata) {
    return new RegisteredClient(clientId, newMetadata, secretHash, registrationTokenHash, issuedAt);
  }

  @Override
  public String toString() {
    return "RegisteredClient[" + clientId + ", " + metadata.authMethod().wireName() + "]";
  }
}
