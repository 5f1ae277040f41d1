package dev.portcullis.adapter.redis.session;

import static dev.portcullis.adapter.redis.session.SessionHash.ms;

import dev.portcullis.adapter.redis.LuaScripts;
import dev.portcullis.adapter.redis.RedisKeys;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session broker's state in Redis ({@code PORTCULLIS_SESSION_STORE=redis}): the fast path, shared
 * by every node. Each single-use step is one Lua script, so the script's atomicity decides the winner.
 * Expiry is judged by the caller's clock (stored instants); Redis TTLs only collect keys some time after
 * they expired (an hour later; codes ten minutes past expiry so a late replay is recognised). Redis here
 * keeps nothing on disk: a Redis restart logs everyone out, which is the trade for the speed
 * (docs/sessions.md).
 *
 * <p>Keys: {@code s:pending:<state>} and the index {@code s:pending}, {@code s:code:<hash>} (hash: data,
 * exp, claimed) and the index {@code s:codes} of unclaimed codes, {@code s:session:<id>} (hash: data,
 * upstream, upstream_exp, upstream_at, exp, ended, lease), {@code s:tenant:<tenant>} (ids by creation),
 * {@code s:sessions} (ids by expiry, for the purge), {@code s:rt:<hash>} (hash: data, exp, rotated, successor) and
 * {@code s:family:<sid>}.
 */
public final class RedisSessionStore implements SessionStore {
  private static final Duration GC_MARGIN = Duration.ofHours(1);
  private static final Map<String, String> SCRIPTS = LuaScripts.load(RedisSessionStore.class, "session-store.lua");
  private static final String SAVE_CAPPED = SCRIPTS.get("save_capped");
  private static final String TAKE = SCRIPTS.get("take");
  private static final String ADD_CODE = SCRIPTS.get("add_code");
  private static final String CLAIM_CODE = SCRIPTS.get("claim_code");
  private static final String UPDATE_UPSTREAM = SCRIPTS.get("update_upstream");
  private static final String END_SESSION = SCRIPTS.get("end_session");
  private static final String LEASE = SCRIPTS.get("lease");
  private static final String ADD_REFRESH = SCRIPTS.get("add_refresh");
  private static final String FIND_REFRESH = SCRIPTS.get("find_refresh");
  private static final String ROTATE = SCRIPTS.get("rotate");
  private static final String PURGE_SESSIONS = SCRIPTS.get("purge_sessions");
  private final RedisAPI redis;
  private final RedisKeys keys;

  @Inject
  public RedisSessionStore(RedisAPI redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  private Response eval(String script, List<String> keyNames, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script);
    command.add(Integer.toString(keyNames.size()));
    command.addAll(keyNames);
    command.addAll(List.of(args));
    return redis.eval(command).await();
  }

  private static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** Until {@code expiresAt} by the wall clock, plus the collection margin; never less than the margin. */
  private static String ttl(Instant expiresAt, Instant now, Duration margin) {
    long left = Math.max(0, expiresAt.toEpochMilli() - now.toEpochMilli());
    return Long.toString(left + margin.toMillis());
  }

  private static String wallTtl(Instant expiresAt) {
    return ttl(expiresAt, Instant.now(), GC_MARGIN);
  }

  // ---------------------------------------------------------------- pending logins

  @Override
  public boolean savePending(PendingLogin login, int cap, Instant now) {
    JsonObject json = new JsonObject().put("state", hex(login.stateHash())).put("client", login.clientId()).put("redirect", login.redirectUri().toString())
        .put("client_state", login.clientState().orElse(null)).put("challenge", login.codeChallenge()).put("scope", new JsonArray(List.copyOf(login.scope())))
        .put("nonce", login.nonce()).put("verifier", login.upstreamVerifier()).put("exp", login.expiresAt().toEpochMilli())
        .put("client_nonce", login.clientNonce().orElse(null));
    String member = hex(login.stateHash());
    return eval(SAVE_CAPPED, List.of(keys.key("s", "pending", member), keys.key("s", "pending")), ms(now), Integer.toString(cap), json.encode(),
        ttl(login.expiresAt(), now, Duration.ofMinutes(1)), ms(login.expiresAt()), member).toInteger() == 1;
  }

  @Override
  public Optional<PendingLogin> takePending(byte[] stateHash, Instant now) {
    String member = hex(stateHash);
    Response taken = eval(TAKE, List.of(keys.key("s", "pending", member), keys.key("s", "pending")), member);
    if (taken == null) {
      return Optional.empty();
    }
    JsonObject json = new JsonObject(taken.toString());
    PendingLogin login = new PendingLogin(HexFormat.of().parseHex(json.getString("state")), json.getString("client"), URI.create(json.getString("redirect")),
        Optional.ofNullable(json.getString("client_state")), json.getString("challenge"), Set.copyOf(SessionHash.strings(json.getJsonArray("scope"))),
        json.getString("nonce"), json.getString("verifier"), Instant.ofEpochMilli(json.getLong("exp")), Optional.ofNullable(json.getString("client_nonce")));
    return Optional.of(login).filter(l -> l.expiresAt().isAfter(now));
  }

  // ---------------------------------------------------------------- codes

  @Override
  public boolean addCode(AuthorizationCode code, int cap, Instant now) {
    JsonObject json = new JsonObject().put("session", code.sessionId()).put("client", code.clientId()).put("redirect", code.redirectUri().toString())
        .put("challenge", code.codeChallenge()).put("exp", code.expiresAt().toEpochMilli()).put("nonce", code.nonce().orElse(null));
    String member = hex(code.hash());
    return eval(ADD_CODE, List.of(keys.key("s", "code", member), keys.key("s", "codes")), ms(now), Integer.toString(cap), json.encode(),
        ttl(code.expiresAt(), now, Duration.ofMinutes(10)), ms(code.expiresAt()), member).toInteger() == 1;
  }

  @Override
  public CodeClaim claimCode(byte[] hash, Instant now) {
    String member = hex(hash);
    Response result = eval(CLAIM_CODE, List.of(keys.key("s", "code", member), keys.key("s", "codes")), ms(now), member);
    int outcome = result.get(0).toInteger();
    if (outcome == 0) {
      return new CodeClaim.Unknown();
    }
    JsonObject json = new JsonObject(result.get(1).toString());
    if (outcome == 2) {
      return new CodeClaim.Replayed(json.getString("session"));
    }
    return new CodeClaim.Claimed(new AuthorizationCode(hash, json.getString("session"), json.getString("client"), URI.create(json.getString("redirect")),
        json.getString("challenge"), Instant.ofEpochMilli(json.getLong("exp")), Optional.ofNullable(json.getString("nonce"))));
  }

  // ---------------------------------------------------------------- sessions

  private String sessionKey(String sessionId) {
    return keys.key("s", "session", sessionId);
  }

  private String familyKey(String sessionId) {
    return keys.key("s", "family", sessionId);
  }

  @Override
  public void createSession(Session session) {
    String key = sessionKey(session.id());
    redis.hset(SessionHash.hset(key, session)).await();
    redis.pexpire(List.of(key, wallTtl(session.expiresAt()))).await();
    String index = keys.key("s", "tenant", session.tenant().value());
    redis.zadd(List.of(index, ms(session.createdAt()), session.id())).await();
    redis.zadd(List.of(keys.key("s", "sessions"), ms(session.expiresAt()), session.id())).await();
    redis.pexpire(List.of(index, wallTtl(session.expiresAt()))).await();
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    return SessionHash.fromHash(redis.hgetall(sessionKey(sessionId)).await());
  }

  @Override
  public List<Session> sessions(TenantId tenant, Optional<String> subject, int limit) {
    String index = keys.key("s", "tenant", tenant.value());
    List<Session> found = new ArrayList<>();
    for (Response id : redis.zrevrange(List.of(index, "0", "-1")).await()) {
      Optional<Session> session = findSession(id.toString());
      if (session.isEmpty()) {
        redis.zrem(List.of(index, id.toString())).await(); // collected by its TTL
        continue;
      }
      if (subject.map(session.get().subject()::equals).orElse(true)) {
        found.add(session.get());
        if (found.size() == limit) {
          break;
        }
      }
    }
    return found;
  }

  @Override
  public void updateUpstream(String sessionId, SealedValue upstreamTokens, Instant upstreamAccessExpiresAt, Instant obtainedAt) {
    eval(UPDATE_UPSTREAM, List.of(sessionKey(sessionId)), SealedText.encode(upstreamTokens), ms(upstreamAccessExpiresAt), ms(obtainedAt));
  }

  @Override
  public boolean endSession(String sessionId, Instant at) {
    return eval(END_SESSION, List.of(sessionKey(sessionId), familyKey(sessionId)), ms(at)).toInteger() == 1;
  }

  @Override
  public boolean leaseUpstreamRefresh(String sessionId, Instant until, Instant now) {
    return eval(LEASE, List.of(sessionKey(sessionId)), ms(until), ms(now)).toInteger() == 1;
  }

  @Override
  public void releaseUpstreamRefresh(String sessionId) {
    redis.hset(List.of(sessionKey(sessionId), "lease", "")).await();
  }

  // ---------------------------------------------------------------- refresh tokens

  private String refreshKey(byte[] hash) {
    return keys.key("s", "rt", hex(hash));
  }

  private static String refreshData(RefreshToken token) {
    return new JsonObject().put("session", token.sessionId()).put("client", token.clientId()).encode();
  }

  @Override
  public void addRefresh(RefreshToken token) {
    eval(ADD_REFRESH, List.of(refreshKey(token.hash()), familyKey(token.sessionId())), refreshData(token), ms(token.expiresAt()), wallTtl(token.expiresAt()));
  }

  @Override
  public Rotation rotateRefresh(byte[] presentedHash, RefreshToken successor, SealedValue sealedSuccessor, Optional<Instant> mintedAgainst, Instant now) {
    Response result = eval(ROTATE, List.of(refreshKey(presentedHash), refreshKey(successor.hash())), ms(now), ms(successor.expiresAt()),
        wallTtl(successor.expiresAt()), SealedText.encode(sealedSuccessor), keys.key("s", "session", ""), keys.key("s", "family", ""),
        mintedAgainst.map(SessionHash::ms).orElse(""));
    int outcome = result.get(0).toInteger();
    if (outcome == 0) {
      return new Rotation.Unknown();
    }
    if (outcome == 3) {
      return new Rotation.SessionChanged();
    }
    RefreshToken previous = refreshToken(presentedHash, result.get(1).toString(), result.get(2).toString());
    return outcome == 1 ? new Rotation.Rotated(previous)
        : new Rotation.AlreadyRotated(previous, Instant.ofEpochMilli(Long.parseLong(result.get(3).toString())), SealedText.decode(result.get(4).toString()));
  }

  private static RefreshToken refreshToken(byte[] hash, String data, String expiry) {
    JsonObject json = new JsonObject(data);
    return new RefreshToken(hash, json.getString("session"), json.getString("client"), Instant.ofEpochMilli(Long.parseLong(expiry)));
  }

  @Override
  public Optional<RefreshToken> findRefresh(byte[] hash, Instant now) {
    return findRefreshWithSession(hash, now).map(CurrentRefresh::token);
  }

  /** One round trip: the token's fields and its session's (the script reads the session the token names). */
  @Override
  public Optional<CurrentRefresh> findRefreshWithSession(byte[] hash, Instant now) {
    Response found = eval(FIND_REFRESH, List.of(refreshKey(hash)), keys.key("s", "session", ""));
    if (found == null) {
      return Optional.empty();
    }
    RefreshToken token = refreshToken(hash, found.get(0).toString(), found.get(1).toString());
    if (!token.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    return SessionHash.fromPairs(found.get(2)).filter(s -> s.activeAt(now)).map(s -> new CurrentRefresh(token, s));
  }

  @Override
  public long purgeExpired(Instant now) {
    // Redis's TTLs remove pending logins, codes and tokens; the cap indexes are trimmed, and sessions past their
    // lifetime go now with their refresh tokens (in batches of 1000 per call)
    long pending = redis.zremrangebyscore(keys.key("s", "pending"), "-inf", ms(now)).await().toLong();
    long codes = redis.zremrangebyscore(keys.key("s", "codes"), "-inf", ms(now)).await().toLong();
    long sessions = eval(PURGE_SESSIONS, List.of(keys.key("s", "sessions")), ms(now), keys.key("s", "session", ""), keys.key("s", "family", "")).toLong();
    return pending + codes + sessions;
  }
}
