package dev.portcullis.application.shared.port.out;

/** HMAC-SHA256 (adapters-crypto): a short tag that only the holder of {@code key} can compute. */
public interface MessageAuthentication {
  /** The first {@code hexDigits} hex digits of HMAC-SHA256(key, message). */
  String tagHex(byte[] key, byte[] message, int hexDigits);
}
