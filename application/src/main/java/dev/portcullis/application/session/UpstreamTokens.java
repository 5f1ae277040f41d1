package dev.portcullis.application.session;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.Session;
import dev.portcullis.application.shared.SealedFields;
import java.util.List;
import java.util.Optional;

/** The upstream tokens of a session, sealed together with {@link SealedFields}, bound to the session (and its tenant). */
record UpstreamTokens(String accessToken, Optional<String> refreshToken, Optional<String> idToken) {
  SealedValue seal(Envelope envelope, dev.portcullis.domain.shared.TenantId tenant, String sessionId) {
    return SealedFields.seal(envelope, Session.binding(tenant, sessionId), Optional.of(accessToken), refreshToken, idToken);
  }

  static UpstreamTokens open(Envelope envelope, Session session) {
    List<Optional<String>> fields = SealedFields.open(envelope, session.upstreamTokens(), Session.binding(session.tenant(), session.id()), 3);
    return new UpstreamTokens(fields.get(0).orElse(""), fields.get(1), fields.get(2));
  }

  @Override
  public String toString() {
    return "UpstreamTokens[sealed]";
  }
}
