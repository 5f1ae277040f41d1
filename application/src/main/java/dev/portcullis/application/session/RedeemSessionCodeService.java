package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 6749 §4.1.3 for a browser session: the code is claimed atomically before anything else; a code
 * presented twice ends the session it created (§4.1.2); client, redirect URI and the PKCE verifier
 * (RFC 7636 §4.6) must match; the answer is our access JWT and the session's first refresh token.
 */
public final class RedeemSessionCodeService implements RedeemSessionCode {
  private final SessionStore store;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final SessionTokens sessionTokens;
  private final SessionEndings endings;

  public RedeemSessionCodeService(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, TokenGenerator random,
                                  InstantSource clock, BrokerSettings settings, Auditor auditor) {
    this.store = store;
    this.random = random;
    this.clock = clock;
    this.sessionTokens = new SessionTokens(accessTokens, clock, settings);
    this.endings = new SessionEndings(store, accessTokens, envelope, upstream, auditor, settings);
  }

  @Override
  public TokenOutcome redeem(String clientId, String code, URI redirectUri, String codeVerifier) {
    Instant now = clock.instant();
    switch (store.claimCode(CredentialHash.of(code), now)) { // the atomic claim comes before any other work
      case SessionStore.CodeClaim.Unknown unknown -> {
        return TokenOutcome.invalidGrant("the authorization code is unknown or expired");
      }
      case SessionStore.CodeClaim.Replayed replayed -> {
        endings.end(replayed.sessionId(), now, Ending.REUSE, "an authorization code came back"); // RFC 6749 §4.1.2: a code used twice revokes what it issued
        return TokenOutcome.invalidGrant("the authorization code was already used; the session it created is revoked");
      }
      case SessionStore.CodeClaim.Claimed claimed -> {
        AuthorizationCode authorization = claimed.code();
        Optional<String> refusal = authorization.redemptionRefusal(clientId, redirectUri, codeVerifier);
        if (refusal.isPresent()) {
          return TokenOutcome.invalidGrant(refusal.get());
        }
        Optional<Session> session = store.findSession(authorization.sessionId()).filter(s -> s.activeAt(now));
        if (session.isEmpty()) {
          return TokenOutcome.invalidGrant("the session of this code has ended");
        }
        String refresh = random.randomToken(32);
        store.addRefresh(new RefreshToken(CredentialHash.of(refresh), session.get().id(), clientId, session.get().expiresAt()));
        return sessionTokens.issuedAtLogin(session.get(), refresh, authorization.nonce());
      }
    }
  }
}
