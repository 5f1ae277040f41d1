package dev.portcullis.domain.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret material: an admin token, a root key, a client secret, an upstream token.
 *
 * <p>Deliberately not a record: {@link #toString()} never prints the value, {@link #equals} compares
 * in constant time, and {@link #destroy()} wipes the copy held here. Callers that need the bytes ask
 * for a copy with {@link #reveal()} and keep it as short-lived as they can.
 */
public final class SecretBytes {
  private static final String REDACTED = "[REDACTED]";
  private final byte[] value;
  private volatile boolean destroyed;

  private SecretBytes(byte[] value) {
    if (value.length == 0) {
      throw new IllegalArgumentException("secret material must not be empty");
    }
    this.value = value;
  }

  public static SecretBytes of(byte[] value) {
    return new SecretBytes(value.clone());
  }

  public static SecretBytes ofUtf8(String value) {
    return new SecretBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the secret; the caller owns it and should wipe it after use. */
  public byte[] reveal() {
    if (destroyed) {
      throw new IllegalStateException("secret material was destroyed");
    }
    return value.clone();
  }

  /** The secret as UTF-8 text, for values that are text by nature (tokens, passwords). */
  public String revealUtf8() {
    return new String(reveal(), StandardCharsets.UTF_8);
  }

  public int length() {
    return value.length;
  }

  /** Constant-time comparison with a candidate presented by a caller. */
  public boolean matches(SecretBytes candidate) {
    return !destroyed && !candidate.destroyed && MessageDigest.isEqual(value, candidate.value);
  }

  public void destroy() {
    destroyed = true;
    Arrays.fill(value, (byte) 0);
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretBytes that && matches(that);
  }

  @Override
  public int hashCode() {
    return 0; // a hash of the value would leak information about it; equality stays correct
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
