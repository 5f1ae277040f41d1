package dev.portcullis.adapter.crypto;

import dev.portcullis.application.shared.port.out.TokenGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens from the platform CSPRNG, base64url without padding. */
public final class SecureTokenGenerator implements TokenGenerator {
  private final SecureRandom random = new SecureRandom();

  @Override
  public String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
