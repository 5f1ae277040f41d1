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
public record RegisteredClient(String clientId, ClientMetadata metadata, Optional<byte[]> secretHash, byte[] registrationTokenHash, Instant issuedAt,
                               ApprovedRegistration approved) {
  /** A client as an administrator registers it: what it is now is what was approved. */
  public RegisteredClient(String clientId, ClientMetadata metadata, Optional<byte[]> secretHash, byte[] registrationTokenHash, Instant issuedAt) {
    this(clientId, metadata, secretHash, registrationTokenHash, issuedAt, ApprovedRegistration.of(metadata));
  }

  public RegisteredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(metadata, "metadata");
    secretHash = secretHash.map(byte[]::clone);
    registrationTokenHash = registrationTokenHash.clone();
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(approved, "approved");
  }

  public boolean secretMatches(byte[] presentedHash) {
    return secretHash.map(h -> MessageDigest.isEqual(h, presentedHash)).orElse(false);
  }

  public boolean registrationTokenMatches(byte[] presentedHash) {
    return MessageDigest.isEqual(registrationTokenHash, presentedHash);
  }

  /**
   * The client's own RFC 7592 update: within the approved registration (same tenant, narrower or equal
   * scope, grant types and redirect URIs, same authentication method and jwks_uri), else the refusal.
   */
  public Decision selfUpdate(ClientMetadata requested) {
    if (!requested.tenant().equals(metadata.tenant())) {
      return new Decision.Refused("a client's tenant cannot change");
    }
    return approved.refusalOf(requested).<Decision>map(Decision.Refused::new)
        .orElseGet(() -> new Decision.Updated(new RegisteredClient(clientId, requested, secretHash, registrationTokenHash, issuedAt, approved)));
  }

  /** An administrator's update: anything valid, and it becomes the new ceiling. The secret stays unless the method no longer uses one. */
  public RegisteredClient approvedAs(ClientMetadata requested, Optional<byte[]> newSecretHash) {
    return new RegisteredClient(clientId, requested, requested.authMethod().usesSecret() ? newSecretHash.or(() -> secretHash) : Optional.empty(),
        registrationTokenHash, issuedAt, ApprovedRegistration.of(requested));
  }

  public sealed interface Decision {
    record Updated(RegisteredClient client) implements Decision {}

    record Refused(String reason) implements Decision {}
  }

  @Override
  public String toString() {
    return "RegisteredClient[" + clientId + ", " + metadata.authMethod().wireName() + "]";
  }
}
