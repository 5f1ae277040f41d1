package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.SessionTokens.Minted;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Refresh-token rotation for a browser session (RFC 9700 §4.14.2): the upstream token is renewed first
 * when due (a failure there leaves the refresh token usable); exactly one presentation rotates; a repeat
 * within the grace window gets the very same answer; a repeat after it is reuse and ends the session.
 * The domain decides which ({@code RefreshRotation.presentedAgain}).
 */
public final class RefreshSessionService implements RefreshSession {
  /** The tenant a rotation answer is sealed under when there is no session (the rotation then finds nothing to rotate). */
  private static final TenantId NO_SESSION = new TenantId("no-session");
  /** Reads and rotation attempts per refresh while the session's upstream tokens keep changing under it. */
  private static final int ATTEMPTS = 3;
  private final SessionStore store;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final BrokerSettings settings;
  private final SessionTokens sessionTokens;
  private final SessionEndings endings;
  private final UpstreamRefresh upstreamRefresh;
  private final RotatedHere rotatedHere = new RotatedHere();
  private final Decisions decisions;

  public RefreshSessionService(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, TokenGenerator random,
                               InstantSource clock, BrokerSettings settings, Suspension suspension, Auditor auditor) {
    this(store, accessTokens, envelope, upstream, random, clock, settings, suspension, auditor, Decisions.NONE);
  }

  /** @param decisions counts and times the upstream renewals */
  public RefreshSessionService(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, TokenGenerator random,
                               InstantSource clock, BrokerSettings settings, Suspension suspension, Auditor auditor,
                               Decisions decisions) {
    this.store = store;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
    this.settings = settings;
    this.sessionTokens = new SessionTokens(accessTokens, clock, settings);
    this.endings = new SessionEndings(store, accessTokens, envelope, upstream, auditor, settings);
    this.upstreamRefresh = new UpstreamRefresh(store, upstream, envelope, clock, suspension, settings, endings, decisions);
    this.decisions = decisions;
  }

  @Override
  public TokenOutcome refresh(String clientId, String refreshToken) {
    byte[] presented = CredentialHash.of(refreshToken);
    Optional<SessionStore.CurrentRefresh> remembered = rotatedHere.take(presented, clock.instant());
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      boolean fromMemory = attempt == 1 && remembered.isPresent();
      decisions.refreshRead(fromMemory ? "memory" : "store");
      Optional<SessionStore.CurrentRefresh> found = fromMemory ? remembered : store.findRefreshWithSession(presented, now);
      Optional<TokenOutcome> outcome = rotate(clientId, presented, found, now);
      if (outcome.isPresent()) {
        return outcome.get();
      }
      if (attempt == ATTEMPTS) { // the session's upstream tokens were renewed under every attempt: another node is busy with it
        return TokenOutcome.unavailable(Duration.ofSeconds(1), "the session is being renewed; try again");
      }
    }
  }

  /** One attempt at rotating from what was read ({@code found}: the token and its session); nothing when the session changed under it. */
  private Optional<TokenOutcome> rotate(String clientId, byte[] presented, Optional<SessionStore.CurrentRefresh> found, Instant now) {
    Optional<RefreshToken> current = found.map(SessionStore.CurrentRefresh::token);
    Optional<Session> session = found.map(SessionStore.CurrentRefresh::session);
    if (current.isPresent()) {
      if (!current.get().clientId().equals(clientId)) {
        return Optional.of(TokenOutcome.invalidGrant("the refresh token was issued to another client"));
      }
      if (session.isPresent() && !session.get().upstreamRenewalDueAt(settings.upstreamRefreshAhead()).isAfter(now)) {
        Optional<TokenOutcome.Rejected> upstreamProblem = upstreamRefresh.ensureFresh(current.get().sessionId()); // before rotating: a 503 leaves the token usable
        if (upstreamProblem.isPresent()) {
          return Optional.of(upstreamProblem.get());
        }
        session = store.findSession(current.get().sessionId()); // the renewed upstream expiry bounds the access token
      }
    }
    String successor = random.randomToken(32);
    Instant successorExpiry = session.map(Session::expiresAt).orElse(now);
    String sessionIdForToken = current.map(RefreshToken::sessionId).orElse("?");
    // The access token is issued before the rotation and sealed with the successor beside the rotated
    // token: whoever wins answers with this pair, and a retry within the grace window gets the very same
    // pair back, not a token minted per retry.
    Optional<Minted> answer = session.filter(s -> s.activeAt(now)).map(s -> sessionTokens.mint(s, successor));
    SealedValue sealed = new RotationAnswer(successor, answer.map(m -> m.outcome().accessToken()), answer.map(Minted::accessExpiresAt))
        .seal(envelope, session.map(Session::tenant).orElse(NO_SESSION), sessionIdForToken); // without a session the rotation finds nothing to rotate
    RefreshToken next = new RefreshToken(CredentialHash.of(successor), sessionIdForToken, clientId, successorExpiry);
    SessionStore.Rotation rotation = store.rotateRefresh(presented, next, sealed, session.map(Session::upstreamObtainedAt), clock.instant()); // the rotation instant: what a later presentation's grace window is measured from
    Instant observedAt = clock.instant(); // when this request learned the outcome: a loser's window is judged from here, never from its start
    return switch (rotation) {
      case SessionStore.Rotation.SessionChanged changed -> Optional.empty();
      case SessionStore.Rotation.Unknown unknown -> Optional.of(TokenOutcome.invalidGrant("the refresh token is unknown, expired or its session has ended"));
      case SessionStore.Rotation.Rotated rotated -> {
        RefreshToken previous = rotated.previous();
        if (!previous.clientId().equals(clientId)) {
          yield Optional.of(TokenOutcome.invalidGrant("the refresh token was issued to another client"));
        }
        if (answer.isEmpty()) { // not expected: the rotation required the session the answer was minted from; the token is spent, so answer anyway
          yield Optional.of(store.findSession(previous.sessionId()).filter(s -> s.activeAt(observedAt)).<TokenOutcome>map(s -> sessionTokens.issued(s, successor))
              .orElseGet(() -> TokenOutcome.invalidGrant("the session has ended")));
        }
        rotatedHere.remember(next, session.orElseThrow()); // the store's successor: the presented token's session and client (checked above), this expiry
        yield Optional.of(answer.get().outcome());
      }
      case SessionStore.Rotation.AlreadyRotated again -> Optional.of(presentedAgain(clientId, again, observedAt));
    };
  }

  /** A rotated token presented again: a retry within the grace window gets the rotation's answer; anything later is reuse. */
  private TokenOutcome presentedAgain(String clientId, SessionStore.Rotation.AlreadyRotated again, Instant observedAt) {
    String sid = again.previous().sessionId();
    if (!again.previous().clientId().equals(clientId)) {
      return TokenOutcome.invalidGrant("the refresh token was issued to another client");
    }
    return switch (again.rotation().presentedAgain(observedAt, settings.refreshGrace())) {
      case RETRY -> { // a retry within the grace window: the rotation's answer, unchanged
        yield store.findSession(sid).filter(s -> s.activeAt(observedAt)).<TokenOutcome>map(s -> {
          RotationAnswer same = RotationAnswer.open(envelope, again.sealedSuccessor(), s.tenant(), sid);
          return same.accessToken().isPresent()
              ? new TokenOutcome.Issued(same.accessToken().get(), SessionTokens.remaining(same.accessExpiresAt().orElseThrow(), observedAt), same.refreshToken(), s.scope())
              : sessionTokens.issued(s, same.refreshToken()); // a rotation stored before the answer was sealed whole
        }).orElseGet(() -> TokenOutcome.invalidGrant("the session has ended"));
      }
      case REUSE -> {
        endings.end(sid, observedAt, Ending.REUSE, "a rotated refresh token came back"); // reuse of a rotated token: the whole family goes
        yield TokenOutcome.invalidGrant("this refresh token was already used; the session is revoked");
      }
    };
  }
}
