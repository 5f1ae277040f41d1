package dev.portcullis.domain.secret;

import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds a ciphertext (and its wrapped data key) to one tenant, name and
 * version: a row copied to another tenant, name or version fails to decrypt.
 */
public final class SecretBinding {
  private SecretBinding() {}

  public static byte[] of(TenantId tenant, SecretName name, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
    // NUL separators cannot occur in tenants or names, so the encoding is unambiguous.
    return ("portcullis/secret/v1\u0000" + tenant.value() + "\u0000" + name.value() + "\u0000" + version).getBytes(StandardCharsets.UTF_8);
  }
}
