package dev.portcullis.application.session;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.application.shared.LeasedRefresh;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** Refreshes a session's upstream access token when it is about to expire, once per session across every node. */
final class UpstreamRefresh {
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration MAX_WAIT = Duration.ofSeconds(10);
  private final SessionStore store;
  private final UpstreamProvider upstream;
  private final Envelope envelope;
  private final InstantSource clock;
  private final BrokerSettings settings;
  private final SessionEndings endings;
  private final LeasedRefresh<String, Optional<TokenOutcome.Rejected>> refreshes;

  private final dev.portcullis.application.shared.port.out.Decisions decisions;

  UpstreamRefresh(SessionStore store, UpstreamProvider upstream, Envelope envelope, InstantSource clock, Suspension suspension, BrokerSettings settings,
                  SessionEndings endings, dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.decisions = decisions;
    this.store = store;
    this.upstream = upstream;
    this.envelope = envelope;
    this.clock = clock;
    this.settings = settings;
    this.endings = endings;
    this.refreshes = new LeasedRefresh<>(LeasedRefresh.Lease.of(store::leaseUpstreamRefresh, store::releaseUpstreamRefresh), LEASE, MAX_WAIT, clock,
        suspension);
  }

  /** Empty when the upstream token is fresh (now or after the refresh); else why the session cannot be refreshed. */
  Optional<TokenOutcome.Rejected> ensureFresh(String sessionId) {
    Optional<Session> session = store.findSession(sessionId);
    if (session.isEmpty() || !session.get().activeAt(clock.instant()) || session.get().upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(clock.instant())) {
      return Optional.empty();
    }
    // a later expiry in the store means another request (on any node) refreshed meanwhile, even when the new token is short-lived too
    Instant seenExpiry = session.get().upstreamAccessExpiresAt();
    return refreshes.run(sessionId, () -> settled(sessionId, seenExpiry), () -> refresh(sessionId),
        () -> Optional.of(TokenOutcome.unavailable(Duration.ofSeconds(1), "the identity provider refresh is taking long; retry")));
  }

  private Optional<Optional<TokenOutcome.Rejected>> settled(String sessionId, Instant seenExpiry) {
    Optional<Session> session = store.findSession(sessionId);
    if (session.isEmpty() || !session.get().activeAt(clock.instant())) {
      return Optional.of(Optional.of(TokenOutcome.invalidGrant("the session has ended")));
    }
    boolean renewed = session.get().upstreamAccessExpiresAt().isAfter(seenExpiry)
        || session.get().upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(clock.instant());
    return renewed ? Optional.of(Optional.empty()) : Optional.empty();
  }

  /** Under the lease, with nothing settled: the upstream refresh itself. */
  private Optional<TokenOutcome.Rejected> refresh(String sessionId) {
    Optional<Session> found = store.findSession(sessionId);
    if (found.isEmpty()) {
      return Optional.of(TokenOutcome.invalidGrant("the session has ended"));
    }
    Session session = found.get();
    UpstreamTokens stored = UpstreamTokens.open(envelope, session);
    if (stored.refreshToken().isEmpty()) {
      endings.end(sessionId, clock.instant(), Ending.END, "the identity provider gave no refresh token");
      return Optional.of(TokenOutcome.invalidGrant("the identity provider gave no refresh token; log in again"));
    }
    Instant asked = clock.instant();
    TokenResult answer = upstream.refresh(stored.refreshToken().get());
    decisions.upstreamRenewal(switch (answer) {
      case TokenResult.Tokens tokens -> "renewed";
      case TokenResult.Rejected rejected -> "refused";
      case TokenResult.Unavailable unavailable -> "unavailable";
    }, Duration.between(asked, clock.instant()));
    return switch (answer) {
      case TokenResult.Tokens tokens -> {
        UpstreamTokens merged = new UpstreamTokens(tokens.accessToken(), tokens.refreshToken().or(stored::refreshToken), tokens.idToken().or(stored::idToken));
        Instant obtained = clock.instant();
        store.updateUpstream(sessionId, merged.seal(envelope, session.tenant(), sessionId), obtained.plus(tokens.expiresIn()), obtained);
        yield Optional.empty();
      }
      case TokenResult.Rejected rejected -> {
        endings.end(sessionId, clock.instant(), Ending.END, "the identity provider refused the refresh"); // the upstream grant is gone: so is the session
        yield Optional.of(TokenOutcome.invalidGrant("the identity provider ended the session (" + rejected.error() + ")"));
      }
      case TokenResult.Unavailable unavailable ->
          Optional.of(TokenOutcome.unavailable(unavailable.retryAfter(), "the identity provider cannot be reached; retry shortly"));
    };
  }
}
