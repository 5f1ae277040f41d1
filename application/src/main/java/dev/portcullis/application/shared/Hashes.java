package dev.portcullis.application.shared;

import dev.portcullis.domain.shared.CredentialHash;
import java.util.HexFormat;

/** SHA-256 as hex (cache keys of presented credentials), over the one SHA-256 of credentials ({@link CredentialHash}). */
public final class Hashes {
  private Hashes() {}

  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(CredentialHash.of(value));
  }
}
