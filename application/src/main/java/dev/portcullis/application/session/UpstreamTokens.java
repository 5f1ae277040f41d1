package dev.portcullis.application.session;

import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.domain.secret.SealedValue;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The upstream tokens of a session, as they are sealed: three base64url fields joined by '.', empty
 * when absent (no JSON library in the application layer, and no field can contain '.' once encoded).
 */
record UpstreamTokens(String accessToken, Optional<String> refreshToken, Optional<String> idToken) {
  SealedValue seal(Envelope envelope, String sessionId) {
    String joined = encode(accessToken) + "." + refreshToken.map(UpstreamTokens::encode).orElse("") + "." + idToken.map(UpstreamTokens::encode).orElse("");
    return envelope.seal(SecretBytes.ofUtf8(joined), Session.binding(sessionId));
  }

  static UpstreamTokens open(Envelope envelope, Session session) {
    String[] parts = envelope.open(session.upstreamTokens(), Session.binding(session.id())).revealUtf8().split("\\.", -1);
    return new UpstreamTokens(decode(parts[0]), Optional.of(parts[1]).filter(p -> !p.isEmpty()).map(UpstreamTokens::decode),
        Optional.of(parts[2]).filter(p -> !p.isEmpty()).map(UpstreamTokens::decode));
  }

  private static String encode(String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String value) {
    return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "UpstreamTokens[sealed]";
  }
}
