package dev.portcullis.domain.connection;

import dev.portcullis.domain.shared.SealedValue;
import java.util.Objects;

/**
 * The key Portcullis signs {@code private_key_jwt} client assertions with at one provider: the public
 * JWK (registered at the provider, shown to admins), the private JWK only sealed.
 */
public record AssertionKey(String keyId, String algorithm, String publicJwk, SealedValue privateJwk) {
  public AssertionKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(privateJwk, "privateJwk");
  }

  @Override
  public String toString() {
    return "AssertionKey[" + keyId + ", " + algorithm + "]";
  }
}
