package dev.portcullis.application.shared.port.out;

/** Unguessable identifiers and credentials: base64url (no padding) of {@code bytes} random bytes from a CSPRNG. */
public interface TokenGenerator {
  String randomToken(int bytes);

  /** {@code bytes} random bytes as lowercase hex (API key ids and secrets). */
  default String randomHex(int bytes) {
    return java.util.HexFormat.of().formatHex(java.util.Base64.getUrlDecoder().decode(randomToken(bytes)));
  }
}
