package dev.portcullis.adapter.memory.session;

import dev.portcullis.adapter.memory.Leases;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Sessions in memory (dev, fast tests). Every single-use step is one atomic map operation. */
public final class InMemorySessionStore implements SessionStore {
  private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
  private final Map<String, StoredCode> codes = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, StoredRefresh> refreshTokens = new ConcurrentHashMap<>();
  private final Leases leases = new Leases();

  private record StoredCode(AuthorizationCode code, boolean claimed) {}

  private record StoredRefresh(RefreshToken token, Optional<Instant> rotatedAt, Optional<SealedValue> successor) {}

  private static String key(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  @Override
  public boolean savePending(PendingLogin login, int cap, Instant now) {
    if (pending.values().stream().filter(p -> p.expiresAt().isAfter(now)).count() >= cap) {
      pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
      return false;
    }
    pending.put(key(login.stateHash()), login);
    return true;
  }

  @Override
  public Optional<PendingLogin> takePending(byte[] stateHash, Instant now) {
    return Optional.ofNullable(pending.remove(key(stateHash))).filter(p -> p.expiresAt().isAfter(now));
  }

  @Override
  public boolean addCode(AuthorizationCode code, int cap, Instant now) {
    if (codes.values().stream().filter(c -> !c.claimed() && c.code().expiresAt().isAfter(now)).count() >= cap) {
      return false;
    }
    codes.put(key(code.hash()), new StoredCode(code, false));
    return true;
  }

  @Override
  public CodeClaim claimCode(byte[] hash, Instant now) {
    AtomicReference<CodeClaim> result = new AtomicReference<>(new CodeClaim.Unknown());
    codes.computeIfPresent(key(hash), (k, stored) -> {
      if (stored.claimed()) {
        result.set(new CodeClaim.Replayed(stored.code().sessionId()));
        return stored;
      }
      if (!stored.code().expiresAt().isAfter(now)) {
        return stored;
      }
      result.set(new CodeClaim.Claimed(stored.code()));
      return new StoredCode(stored.code(), true);
    });
    return result.get();
  }

  @Override
  public void createSession(Session session) {
    sessions.put(session.id(), session);
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId));
  }

  @Override
  public List<Session> sessions(TenantId tenant, Optional<String> subject, int limit) {
    return sessions.values().stream().filter(s -> s.tenant().equals(tenant)).filter(s -> subject.map(s.subject()::equals).orElse(true))
        .sorted(Comparator.comparing(Session::createdAt).reversed()).limit(limit).toList();
  }

  @Override
  public void updateUpstream(String sessionId, SealedValue upstreamTokens, Instant upstreamAccessExpiresAt, Instant obtainedAt) {
    sessions.computeIfPresent(sessionId, (id, s) -> new Session(s.id(), s.tenant(), s.clientId(), s.subject(), s.identity(), s.scope(), upstreamTokens,
        upstreamAccessExpiresAt, obtainedAt, s.createdAt(), s.expiresAt(), s.endedAt()));
  }

  @Override
  public boolean endSession(String sessionId, Instant at) {
    AtomicReference<Boolean> ended = new AtomicReference<>(false);
    sessions.computeIfPresent(sessionId, (id, s) -> {
      if (s.endedAt().isPresent()) {
        return s;
      }
      ended.set(true);
      return new Session(s.id(), s.tenant(), s.clientId(), s.subject(), s.identity(), s.scope(), s.upstreamTokens(), s.upstreamAccessExpiresAt(),
          s.upstreamObtainedAt(), s.createdAt(), s.expiresAt(), Optional.of(at));
    });
    refreshTokens.values().removeIf(r -> r.token().sessionId().equals(sessionId));
    return ended.get();
  }

  @Override
  public boolean leaseUpstreamRefresh(String sessionId, Instant until, Instant now) {
    return leases.take(sessionId, until, now);
  }

  @Override
  public void releaseUpstreamRefresh(String sessionId) {
    leases.release(sessionId);
  }

  @Override
  public void addRefresh(RefreshToken token) {
    refreshTokens.put(key(token.hash()), new StoredRefresh(token, Optional.empty(), Optional.empty()));
  }

  @Override
  public Rotation rotateRefresh(byte[] presentedHash, RefreshToken successor, SealedValue sealedSuccessor, Optional<Instant> mintedAgainst, Instant now) {
    AtomicReference<Rotation> result = new AtomicReference<>(new Rotation.Unknown());
    refreshTokens.computeIfPresent(key(presentedHash), (k, stored) -> {
      Session session = sessions.get(stored.token().sessionId()); // read once: the checks below judge one version of it
      if (!stored.token().expiresAt().isAfter(now) || session == null || !session.activeAt(now)) {
        return stored;
      }
      if (stored.rotatedAt().isPresent()) {
        result.set(new Rotation.AlreadyRotated(stored.token(), stored.rotatedAt().get(), stored.successor().orElseThrow()));
        return stored;
      }
      if (!mintedAgainst.equals(Optional.of(session.upstreamObtainedAt()))) {
        result.set(new Rotation.SessionChanged());
        return stored;
      }
      result.set(new Rotation.Rotated(stored.token()));
      return new StoredRefresh(stored.token(), Optional.of(now), Optional.of(sealedSuccessor));
    });
    if (result.get() instanceof Rotation.Rotated rotated) {
      RefreshToken next = new RefreshToken(successor.hash(), rotated.previous().sessionId(), rotated.previous().clientId(), successor.expiresAt());
      refreshTokens.put(key(next.hash()), new StoredRefresh(next, Optional.empty(), Optional.empty()));
    }
    return result.get();
  }

  private boolean sessionActive(String sessionId, Instant now) {
    Session session = sessions.get(sessionId);
    return session != null && session.activeAt(now);
  }

  @Override
  public Optional<RefreshToken> findRefresh(byte[] hash, Instant now) {
    return Optional.ofNullable(refreshTokens.get(key(hash))).filter(r -> r.rotatedAt().isEmpty() && r.token().expiresAt().isAfter(now))
        .map(StoredRefresh::token).filter(r -> sessionActive(r.sessionId(), now));
  }

  @Override
  public long purgeExpired(Instant now) {
    long before = pending.size() + codes.size() + refreshTokens.size() + sessions.size();
    pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
    codes.values().removeIf(c -> !c.code().expiresAt().plusSeconds(600).isAfter(now)); // claimed codes stay a while to detect replays
    refreshTokens.values().removeIf(r -> !r.token().expiresAt().isAfter(now));
    sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    return before - (pending.size() + codes.size() + refreshTokens.size() + sessions.size());
  }
}
