package dev.portcullis.application.shared.port.out;

import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.SecretBytes;

/**
 * Envelope encryption: a fresh data key per call to {@link #seal}, wrapped by the primary
 * key-encryption key (KEK). {@code associatedData} must be the same to open as to seal.
 */
public interface Envelope {
  SealedValue seal(SecretBytes plaintext, byte[] associatedData);

  /** @throws TamperedValue if the value or its binding was altered */
  SecretBytes open(SealedValue sealed, byte[] associatedData);

  /** Unwraps the data key with its KEK and wraps it with the primary one; the ciphertext is unchanged. */
  SealedValue rewrap(SealedValue sealed, byte[] associatedData);

  String primaryKekId();

  /** Creates a KEK and makes it primary, and re-wraps every KEK with the configured root key; returns the new KEK's id. */
  String rotate();

  /** The root-key provider that wraps KEKs now ({@code environment}, {@code pkcs11}). */
  String rootKeyProvider();

  /** How many stored KEKs each root-key provider wraps: during a migration between providers, what is left to move. */
  java.util.Map<String, Long> keksByRootKeyProvider();

  /** Decryption failed: the stored value, its wrapping or its binding was altered. */
  final class TamperedValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TamperedValue(String what) {
      super(what);
    }
  }
}
