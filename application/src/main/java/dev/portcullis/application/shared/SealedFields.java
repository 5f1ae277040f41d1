package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A few optional text fields sealed as one value (envelope encryption, bound to {@code binding}): each
 * field base64url-encoded, empty when absent, joined by '.' — no JSON library in the application layer,
 * and no encoded field can contain '.'.
 */
public final class SealedFields {
  private SealedFields() {}

  @SafeVarargs
  public static SealedValue seal(Envelope envelope, byte[] binding, Optional<String>... fields) {
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        joined.append('.');
      }
      fields[i].ifPresent(value -> joined.append(Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    }
    return envelope.seal(SecretBytes.ofUtf8(joined.toString()), binding);
  }

  /** The fields in order; fields sealed by an older layout with fewer fields come back empty. */
  public static List<Optional<String>> open(Envelope envelope, SealedValue sealed, byte[] binding, int count) {
    return parse(envelope.open(sealed, binding).revealUtf8(), count);
  }

  /** The fields of an opened value, as {@link #open} returns them (for a caller that must look at the plaintext's layout first). */
  public static List<Optional<String>> parse(String joined, int count) {
    List<Optional<String>> fields = new ArrayList<>(Arrays.stream(joined.split("\\.", -1))
        .map(part -> Optional.of(part).filter(p -> !p.isEmpty()).map(p -> new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8))).toList());
    while (fields.size() < count) {
      fields.add(Optional.empty());
    }
    return fields;
  }
}
