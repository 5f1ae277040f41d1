package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.TokenStatusService;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.shared.CredentialHash;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** {@code POST /oauth/revoke} (RFC 7009) with a browser session's access or refresh token: the whole session ends. */
public final class RevokeSessionTokens implements TokenStatusService.RevocationExtension {
  private final SessionStore store;
  private final AccessTokens accessTokens;
  private final InstantSource clock;
  private final SessionEndings endings;

  public RevokeSessionTokens(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, InstantSource clock,
                             BrokerSettings settings, Auditor auditor) {
    this.store = store;
    this.accessTokens = accessTokens;
    this.clock = clock;
    this.endings = new SessionEndings(store, accessTokens, envelope, upstream, auditor, settings);
  }

  @Override
  public boolean revoke(String clientId, String token) {
    Instant now = clock.instant();
    Optional<String> sessionId;
    if (token.chars().filter(c -> c == '.').count() == 2) {
      sessionId = accessTokens.current(token).filter(c -> c.clientId().equals(clientId)).flatMap(AccessTokenClaims::sessionId);
    } else {
      sessionId = store.findRefresh(CredentialHash.of(token), now).filter(r -> r.clientId().equals(clientId)).map(RefreshToken::sessionId);
    }
    sessionId.ifPresent(sid -> endings.end(sid, now, Ending.END, "token revoked by client " + clientId));
    return sessionId.isPresent();
  }
}
