package dev.portcullis.domain.apikey;

import dev.portcullis.domain.shared.CredentialHash;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as a caller presents it: {@code <prefix>_<key id: 16 lowercase hex>_<secret: 64 lowercase hex>}.
 * The shape is checked before any lookup. {@link #toString()} shows only the fingerprint.
 */
public record PresentedKey(String prefix, String keyId, String secret) {
  public static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");
  private static final Pattern SHAPE = Pattern.compile("([a-z][a-z0-9]{0,15})_([0-9a-f]{16})_([0-9a-f]{64})");

  /** The key if {@code raw} has the shape of one of ours with {@code expectedPrefix}. */
  public static Optional<PresentedKey> parse(String raw, String expectedPrefix) {
    if (raw == null || raw.length() > 100) {
      return Optional.empty();
    }
    Matcher matcher = SHAPE.matcher(raw);
    if (!matcher.matches() || !matcher.group(1).equals(expectedPrefix)) {
      return Optional.empty();
    }
    return Optional.of(new PresentedKey(matcher.group(1), matcher.group(2), matcher.group(3)));
  }

  public String full() {
    return prefix + "_" + keyId + "_" + secret;
  }

  /** SHA-256 of the secret part: what the store keeps. */
  public byte[] secretHash() {
    return CredentialHash.of(secret);
  }

  /** The only form of a key that may appear in logs and errors: the first 8 hex of SHA-256 of the whole key. */
  public String fingerprint() {
    return fingerprintOf(full());
  }

  public static String fingerprintOf(String fullKey) {
    return HexFormat.of().formatHex(CredentialHash.of(fullKey), 0, 4);
  }

  @Override
  public String toString() {
    return "PresentedKey[" + fingerprint() + "]";
  }
}
