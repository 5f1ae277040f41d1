package dev.portcullis.application.session;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code state} of the upstream logout round trip: the client's destination and an expiry, sealed
 * with the envelope (AEAD, bound to its purpose), so the return leg needs no store and a forged or
 * edited state opens to nothing. Encoded as three base64url fields joined by '.'.
 */
final class LogoutState {
  private static final byte[] PURPOSE = "portcullis:logout-state".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  private LogoutState() {}

  static String seal(Envelope envelope, URI destination, Instant expiresAt) {
    SealedValue sealed = envelope.seal(SecretBytes.ofUtf8(expiresAt.getEpochSecond() + " " + destination), PURPOSE);
    return ENCODE.encodeToString(sealed.kekId().getBytes(StandardCharsets.UTF_8)) + "." + ENCODE.encodeToString(sealed.wrappedDataKey()) + "."
        + ENCODE.encodeToString(sealed.ciphertext());
  }

  /** The destination, if the state is ours, unaltered and not expired at {@code now}. */
  static Optional<URI> open(Envelope envelope, String state, Instant now) {
    if (state == null || state.length() > 4096) {
      return Optional.empty();
    }
    String[] parts = state.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      SealedValue sealed = new SealedValue(DECODE.decode(parts[2]), DECODE.decode(parts[1]), new String(DECODE.decode(parts[0]), StandardCharsets.UTF_8));
      String[] opened = envelope.open(sealed, PURPOSE).revealUtf8().split(" ", 2);
      if (opened.length != 2 || !Instant.ofEpochSecond(Long.parseLong(opened[0])).isAfter(now)) {
        return Optional.empty();
      }
      return Optional.of(URI.create(opened[1]));
    } catch (RuntimeException e) { // not base64, unknown KEK, authentication failure: not ours
      return Optional.empty();
    }
  }
}
