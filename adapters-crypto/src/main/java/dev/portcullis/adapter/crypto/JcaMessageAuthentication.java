package dev.portcullis.adapter.crypto;

import dev.portcullis.application.shared.port.out.MessageAuthentication;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with the JCA provider in front (ACCP where it loads). */
public final class JcaMessageAuthentication implements MessageAuthentication {
  @Override
  public String tagHex(byte[] key, byte[] message, int hexDigits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(message);
      return HexFormat.of().formatHex(digest, 0, (hexDigits + 1) / 2).substring(0, hexDigits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
