package dev.portcullis.application.session.port.out;

import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.RefreshRotation;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sessions and their short-lived companions: pending logins, authorization codes, refresh tokens.
 * Every single-use step is one atomic operation of the store, so concurrent callers on any node get
 * exactly one winner.
 */
public interface SessionStore {
  /** Stores a pending login unless {@code cap} unexpired ones exist already; false then. */
  boolean savePending(PendingLogin login, int cap, Instant now);

  /** Removes and returns the pending login with this state hash, if it exists and has not expired. */
  Optional<PendingLogin> takePending(byte[] stateHash, Instant now);

  /** Stores a code unless {@code cap} unexpired, unclaimed codes exist already; false then (a memory/DoS bound). */
  boolean addCode(AuthorizationCode code, int cap, Instant now);

  /** Claims the code: the first caller gets it, every later caller learns it was replayed (and for which session). */
  CodeClaim claimCode(byte[] hash, Instant now);

  sealed interface CodeClaim {
    record Claimed(AuthorizationCode code) implements CodeClaim {}

    /** Claimed before: RFC 6749 §4.1.2 says revoke what it produced. */
    record Replayed(String sessionId) implements CodeClaim {}

    /** Unknown or expired. */
    record Unknown() implements CodeClaim {}
  }

  void createSession(Session session);

  Optional<Session> findSession(String sessionId);

  /** Sessions of a tenant, optionally of one subject, newest first. */
  List<Session> sessions(TenantId tenant, Optional<String> subject, int limit);

  /** Replaces the sealed upstream tokens after an upstream refresh ({@code obtainedAt}: when they were issued). */
  void updateUpstream(String sessionId, SealedValue upstreamTokens, Instant upstreamAccessExpiresAt, Instant obtainedAt);

  /** Ends the session and every refresh token of its family; false if it had already ended or does not exist. */
  boolean endSession(String sessionId, Instant at);

  /**
   * A lease for the upstream refresh of one session (single flight across nodes): true for the caller
   * that gets it, until {@code until}; false while another holds it.
   */
  boolean leaseUpstreamRefresh(String sessionId, Instant until, Instant now);

  void releaseUpstreamRefresh(String sessionId);

  void addRefresh(RefreshToken token);

  /**
   * Rotates {@code presentedHash} to {@code successor} atomically. The first caller rotates and its
   * {@code now} is recorded as the rotation instant, with {@code sealedSuccessor} (opaque to the store: the
   * answer the rotation gave) beside the rotated token. A later caller with the same token learns when it
   * was rotated and gets that sealed answer back, so the caller decides between "same answer again" and
   * "reuse" ({@link dev.portcullis.domain.session.RefreshRotation}).
   *
   * <p>{@code mintedAgainst} is the session's {@link Session#upstreamObtainedAt()} as the caller saw it when it
   * minted the sealed answer (nothing when it saw no session). The store rotates only while the session still
   * has exactly that value, checked with the rotation's own read of the session: an upstream renewal before it
   * answers {@link Rotation.SessionChanged} and rotates nothing, so a caller may mint from a session it read
   * earlier (even on an earlier request) and its access token is never bounded by upstream tokens older than
   * those the rotation saw. (A renewal committing while the rotation itself runs is not seen — Postgres reads the
   * session as of the rotating statement's start; the answer is then bounded by the upstream token it was minted
   * from, which was current when the statement began.)
   */
  Rotation rotateRefresh(byte[] presentedHash, RefreshToken successor, SealedValue sealedSuccessor, Optional<Instant> mintedAgainst, Instant now);

  sealed interface Rotation {
    record Rotated(RefreshToken previous) implements Rotation {}

    record AlreadyRotated(RefreshToken previous, Instant rotatedAt, SealedValue sealedSuccessor) implements Rotation {
      public RefreshRotation rotation() {
        return new RefreshRotation(rotatedAt);
      }
    }

    /** Unknown, expired, or its session ended. */
    record Unknown() implements Rotation {}

    /** Current, but its session's upstream tokens are not those the answer was minted against: nothing rotated. */
    record SessionChanged() implements Rotation {}
  }

  /** The refresh token with this hash, if current (not rotated, not expired, session not ended). */
  Optional<RefreshToken> findRefresh(byte[] hash, Instant now);

  /** A current refresh token and its session, read together. */
  record CurrentRefresh(RefreshToken token, Session session) {}

  /**
   * {@link #findRefresh} and {@link #findSession} of its session in one read: the refresh grant needs both
   * before it rotates. A store that can join them (Postgres: one statement instead of two) overrides this.
   */
  default Optional<CurrentRefresh> findRefreshWithSession(byte[] hash, Instant now) {
    return findRefresh(hash, now).flatMap(token -> findSession(token.sessionId()).map(session -> new CurrentRefresh(token, session)));
  }

  /** Deletes expired pending logins, codes, refresh tokens and sessions; how many rows went. */
  long purgeExpired(Instant now);
}
