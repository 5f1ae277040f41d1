package dev.portcullis.domain.connection;

import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An authorization-code connection in flight: found by the SHA-256 of its {@code state}, single use,
 * with the PKCE verifier and the nonce sealed (bound to the state hash).
 */
public record PendingAuthorization(byte[] stateHash, TenantId tenant, String providerId, SealedValue secrets, URI returnUrl, Set<String> scope,
                                   Instant expiresAt) {
  public PendingAuthorization {
    stateHash = Objects.requireNonNull(stateHash, "stateHash").clone();
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(returnUrl, "returnUrl");
    scope = Set.copyOf(scope);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public byte[] stateHash() {
    return stateHash.clone();
  }

  /** Binds the sealed PKCE verifier and nonce to this start and its tenant (a start lives minutes: none from before is re-sealed). */
  public static byte[] binding(dev.portcullis.domain.shared.TenantId tenant, byte[] stateHash) {
    return ("portcullis-connect/2:" + tenant.value() + ":" + java.util.HexFormat.of().formatHex(stateHash)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingAuthorization that && java.util.Arrays.equals(stateHash, that.stateHash) && tenant.equals(that.tenant)
        && providerId.equals(that.providerId) && secrets.equals(that.secrets) && returnUrl.equals(that.returnUrl) && scope.equals(that.scope)
        && expiresAt.equals(that.expiresAt);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(stateHash);
  }

  @Override
  public String toString() {
    return "PendingAuthorization[" + providerId + "]";
  }
}
