package dev.portcullis.application.shared.port.out;

/** Unguessable identifiers and credentials: base64url (no padding) of {@code bytes} random bytes from a CSPRNG. */
public interface TokenGenerator {
  String randomToken(int bytes);
}
