package dev.portcullis.application.shared.port.out;

/**
 * The root key that wraps every key-encryption key (KEK). It never leaves its provider: the
 * environment adapter holds it in memory from {@code PORTCULLIS_ROOT_KEY}; the PKCS#11 adapter keeps it
 * in a token and wraps and unwraps inside the HSM. Only KEKs pass through here, a handful per node
 * start and per rotation, never a secret's value. The contract is {@code RootKeyContract}.
 */
public interface RootKey extends AutoCloseable {
  /** What readiness, metrics and the status name: {@code environment} or {@code pkcs11}. */
  String provider();

  /** Encrypts {@code key} bound to {@code binding}; two calls give different ciphertexts. @throws DependencyUnavailable if the provider cannot be reached */
  byte[] wrap(byte[] key, byte[] binding);

  /**
   * Decrypts what {@link #wrap} returned for the same binding.
   *
   * @throws Envelope.TamperedValue if {@code wrapped} was altered, bound to another binding, or wrapped by another key
   * @throws DependencyUnavailable if the provider cannot be reached (never reported as tampering)
   */
  byte[] unwrap(byte[] wrapped, byte[] binding);

  /** Whether {@code wrapped} is in this provider's format (so a node migrating between providers asks the right one). */
  boolean wrote(byte[] wrapped);

  /** Releases what the provider holds (threads, a token session); the default holds nothing. */
  @Override
  default void close() {}

  /** A round trip through the provider, for readiness; @throws DependencyUnavailable when it fails. */
  default void check() {
    byte[] probe = {1, 2, 3, 4};
    byte[] binding = "portcullis/root-key/probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!java.util.Arrays.equals(unwrap(wrap(probe, binding), binding), probe)) {
      throw new DependencyUnavailable("root key (" + provider() + ")", null);
    }
  }
}
