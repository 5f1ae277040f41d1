package dev.portcullis.bootstrap.config;

import dev.portcullis.adapter.pkcs11.Pkcs11Settings;
import java.util.Optional;

/**
 * Which root-key provider wraps KEKs ({@code environment} or {@code pkcs11}), and the token when one is
 * configured. Both can be configured at once: that is a migration, where the one named by
 * {@code PORTCULLIS_ROOT_KEY_PROVIDER} wraps and the other still unwraps what it wrapped until a root-key
 * rotation has re-wrapped every KEK (docs/extending.md, docs/operations.md).
 */
public record RootKeySettings(Provider provider, Optional<Pkcs11Settings> pkcs11) {
  public enum Provider {
    ENVIRONMENT,
    PKCS11
  }
}
