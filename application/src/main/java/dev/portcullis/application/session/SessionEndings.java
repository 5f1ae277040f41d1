package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.session.Session;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way a session ends, whatever ended it (logout, revocation, an administrator, reuse of a spent
 * code or refresh token, the upstream refusing a refresh): the store (and its refresh tokens), every
 * access JWT of it, and upstream (RFC 7009, best effort); the audit log says why.
 */
final class SessionEndings {
  enum Ending {
    END,
    /** A spent code or refresh token came back: a security event, and the whole family goes. */
    REUSE
  }

  private final SessionStore store;
  private final AccessTokens accessTokens;
  private final Envelope envelope;
  private final UpstreamProvider upstream;
  private final Auditor auditor;
  private final BrokerSettings settings;

  SessionEndings(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, Auditor auditor, BrokerSettings settings) {
    this.store = store;
    this.accessTokens = accessTokens;
    this.envelope = envelope;
    this.upstream = upstream;
    this.auditor = auditor;
    this.settings = settings;
  }

  void end(String sessionId, Instant now, Ending ending, String why) {
    Optional<Session> session = store.findSession(sessionId);
    // the access tokens first: if the store then fails, the session is already useless (its sid is revoked), never half alive
    accessTokens.endSession(sessionId, now.plus(settings.accessTokenMaxLifetime()).plusSeconds(60));
    if (store.endSession(sessionId, now)) {
      session.ifPresent(s -> auditor.record("session:" + sessionId, s.subject(), s.tenant(),
          ending == Ending.REUSE ? AuditAction.SESSION_REUSE : AuditAction.SESSION_END, sessionId,
          ending == Ending.REUSE ? AuditOutcome.DENIED : AuditOutcome.SUCCESS, why));
      session.map(s -> UpstreamTokens.open(envelope, s)).flatMap(UpstreamTokens::refreshToken)
          .ifPresent(refresh -> upstream.revoke(refresh, "refresh_token"));
    }
  }
}
