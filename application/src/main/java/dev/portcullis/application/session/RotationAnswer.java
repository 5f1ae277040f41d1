package dev.portcullis.application.session;

import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a refresh rotation answered: the successor refresh token and the access token issued with it (and
 * that token's {@code exp}), sealed together with {@link SealedFields}, bound to the session id, and kept
 * beside the rotated token. A retry within the grace window gets this very pair back.
 *
 * <p>Rotations stored before the pair existed sealed the successor alone (a base64url token, so no '.');
 * {@link #open} reads those as a successor without an access token, and the retry then gets a freshly
 * issued access token, as it did then.
 */
record RotationAnswer(String refreshToken, Optional<String> accessToken, Optional<Instant> accessExpiresAt) {
  SealedValue seal(Envelope envelope, dev.portcullis.domain.shared.TenantId tenant, String sessionId) {
    return SealedFields.seal(envelope, Session.binding(tenant, sessionId), Optional.of(refreshToken), accessToken,
        accessExpiresAt.map(exp -> Long.toString(exp.getEpochSecond())));
  }

  static RotationAnswer open(Envelope envelope, SealedValue sealed, dev.portcullis.domain.shared.TenantId tenant, String sessionId) {
    String plaintext = envelope.open(sealed, Session.binding(tenant, sessionId)).revealUtf8();
    if (plaintext.indexOf('.') < 0) {
      return new RotationAnswer(plaintext, Optional.empty(), Optional.empty()); // the older layout: the successor alone
    }
    List<Optional<String>> fields = SealedFields.parse(plaintext, 3);
    Optional<String> access = fields.get(1);
    Optional<Instant> exp = fields.get(2).map(seconds -> Instant.ofEpochSecond(Long.parseLong(seconds)));
    return access.isPresent() && exp.isPresent()
        ? new RotationAnswer(fields.get(0).orElseThrow(), access, exp)
        : new RotationAnswer(fields.get(0).orElseThrow(), Optional.empty(), Optional.empty());
  }

  @Override
  public String toString() {
    return "RotationAnswer[sealed]";
  }
}
