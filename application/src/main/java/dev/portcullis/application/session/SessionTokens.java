package dev.portcullis.application.session;

import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Our access JWT for a session: never outliving the upstream access token it stands for, nor the configured maximum. */
final class SessionTokens {
  /** A token answer and the {@code exp} of its access token. */
  record Minted(TokenOutcome.Issued outcome, Instant accessExpiresAt) {}

  private final AccessTokens accessTokens;
  private final InstantSource clock;
  private final BrokerSettings settings;

  SessionTokens(AccessTokens accessTokens, InstantSource clock, BrokerSettings settings) {
    this.accessTokens = accessTokens;
    this.clock = clock;
    this.settings = settings;
  }

  TokenOutcome.Issued issued(Session session, String refreshToken) {
    return mint(session, refreshToken).outcome();
  }

  /**
   * At code redemption: the tokens, plus an ID token when the login asked for {@code openid} (OpenID Connect
   * Core §3.1.3.3) — for the client, with its nonce, expiring with the access token.
   */
  TokenOutcome.Issued issuedAtLogin(Session session, String refreshToken, java.util.Optional<String> nonce) {
    Minted minted = mint(session, refreshToken);
    if (!session.scope().contains(dev.portcullis.domain.grant.IdTokenClaims.OPENID)) {
      return minted.outcome();
    }
    TokenOutcome.Issued issued = minted.outcome();
    String idToken = accessTokens.idToken(session.subject(), session.clientId(), session.createdAt(), nonce, session.id(), session.identity(),
        minted.accessExpiresAt());
    return new TokenOutcome.Issued(issued.accessToken(), issued.expiresIn(), issued.refreshToken(), issued.scope(), java.util.Optional.of(idToken));
  }

  Minted mint(Session session, String refreshToken) {
    Instant now = clock.instant();
    Duration upstreamLeft = Duration.between(now, session.upstreamAccessExpiresAt());
    Duration lifetime = upstreamLeft.compareTo(settings.accessTokenMaxLifetime()) < 0 ? upstreamLeft : settings.accessTokenMaxLifetime();
    if (lifetime.isNegative() || lifetime.isZero()) {
      lifetime = Duration.ofSeconds(1); // the next refresh renews the upstream token
    }
    AccessTokens.Issued issued = accessTokens.session(session.subject(), session.clientId(), session.tenant(), session.scope(), session.identity(),
        lifetime, session.id());
    return new Minted(new TokenOutcome.Issued(issued.token(), lifetime, refreshToken, session.scope()), issued.claims().expiresAt());
  }

  /** What is left of an access token's life at {@code at}, in whole seconds, never negative. */
  static Duration remaining(Instant expiresAt, Instant at) {
    Duration left = Duration.ofSeconds(Duration.between(at, expiresAt).toSeconds());
    return left.isNegative() ? Duration.ZERO : left;
  }
}
