package dev.portcullis.domain.key;

import java.util.Locale;

/** JWS algorithms Portcullis signs its own tokens with (RFC 7518 names). */
public enum SigningAlgorithm {
  ES256,
  RS256,
  EdDSA;

  public String jwsName() {
    return name();
  }

  public static SigningAlgorithm parse(String text) {
    for (SigningAlgorithm algorithm : values()) {
      if (algorithm.name().toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("signing algorithm must be ES256, RS256 or EdDSA");
  }
}
