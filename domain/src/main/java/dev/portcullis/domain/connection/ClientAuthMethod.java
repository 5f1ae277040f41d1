package dev.portcullis.domain.connection;

import java.util.Locale;
import java.util.Optional;

/** How Portcullis authenticates to a provider's token endpoint (RFC 6749 §2.3, RFC 7523 §2.2). */
public enum ClientAuthMethod {
  CLIENT_SECRET_BASIC,
  CLIENT_SECRET_POST,
  PRIVATE_KEY_JWT,
  NONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ClientAuthMethod> fromWireName(String wire) {
    for (ClientAuthMethod method : values()) {
      if (method.wireName().equals(wire)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  public boolean usesSecret() {
    return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
  }
}
