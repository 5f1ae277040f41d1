package dev.portcullis.adapter.redis.session;

import dev.portcullis.domain.shared.SealedValue;
import java.util.Base64;

/** A sealed value as one Redis string: {@code base64(ciphertext).base64(wrapped data key).kek id}. */
final class SealedText {
  private SealedText() {}

  static String encode(SealedValue value) {
    Base64.Encoder encoder = Base64.getEncoder();
    return encoder.encodeToString(value.ciphertext()) + "." + encoder.encodeToString(value.wrappedDataKey()) + "." + value.kekId();
  }

  static SealedValue decode(String text) {
    String[] parts = text.split("\\.", 3);
    return new SealedValue(Base64.getDecoder().decode(parts[0]), Base64.getDecoder().decode(parts[1]), parts[2]);
  }
}
