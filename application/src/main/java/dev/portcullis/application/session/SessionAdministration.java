package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.port.in.EndSession;
import dev.portcullis.application.session.port.in.ListSessions;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** {@code /v1/tenants/{tenant}/sessions}: the administrator lists and ends sessions (one class: the same caller, rule and resource). */
public final class SessionAdministration implements ListSessions, EndSession {
  private final SessionStore store;
  private final InstantSource clock;
  private final SessionEndings endings;

  public SessionAdministration(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, InstantSource clock,
                               BrokerSettings settings, Auditor auditor) {
    this.store = store;
    this.clock = clock;
    this.endings = new SessionEndings(store, accessTokens, envelope, upstream, auditor, settings);
  }

  @Override
  public Optional<List<Session>> list(RequestContext context, TenantId tenant, Optional<String> subject) {
    if (!context.principal().isAdmin()) {
      return Optional.empty();
    }
    return Optional.of(store.sessions(tenant, subject, 100));
  }

  @Override
  public Ended end(RequestContext context, TenantId tenant, String sessionId) {
    if (!context.principal().isAdmin()) {
      return Ended.DENIED;
    }
    Optional<Session> session = store.findSession(sessionId).filter(s -> s.tenant().equals(tenant));
    if (session.isEmpty()) {
      return Ended.NOT_FOUND;
    }
    endings.end(sessionId, clock.instant(), Ending.END, "ended by " + context.principal().credential());
    return Ended.ENDED;
  }
}
