package dev.portcullis.adapter.postgres.session;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The session broker's state in Postgres. Each single-use step is one statement whose row lock decides
 * the winner: {@code UPDATE … WHERE claimed_at IS NULL RETURNING}, {@code DELETE … RETURNING}, and a
 * rotation that marks the old refresh token and inserts its successor in one statement — shared by the
 * rotations that arrive together ({@link RefreshRotations}). One instance per process, so they meet.
 */
@jakarta.inject.Singleton
public final class PgSessionStore implements SessionStore {
  // Columns are named, never {@code *}: a cached statement must keep its result type when a migration adds a column (StatementCacheIT).
  private static final String SESSION_COLUMNS = "id, tenant, client_id, subject, email, name, groups, scope, upstream_ciphertext, upstream_wrapped_key, "
      + "upstream_kek, upstream_access_expires_at, upstream_obtained_at, created_at, expires_at, ended_at";
  private static final String SESSION_COLUMNS_OF_S = "s." + SESSION_COLUMNS.replace(", ", ", s.");
  private final PgConnections connections;
  final RefreshRotations rotations;

  @Inject
  public PgSessionStore(PgConnections connections) {
    this.connections = connections;
    this.rotations = new RefreshRotations(connections);
  }

  private RowSet<Row> run(String sql, Tuple parameters) {
    return PgFailures.translate(() -> connections.client().preparedQuery(sql).execute(parameters).await());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Buffer bytes(byte[] value) {
    return Buffer.buffer(value);
  }

  @Override
  public boolean savePending(PendingLogin login, int cap, Instant now) {
    return run("""
        INSERT INTO session_pending (state_hash, client_id, redirect_uri, client_state, code_challenge, scope, nonce, upstream_verifier, expires_at, client_nonce)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $12
        WHERE (SELECT count(*) FROM session_pending WHERE expires_at > $10) < $11""",
        Tuple.from(Arrays.asList(bytes(login.stateHash()), login.clientId(), login.redirectUri().toString(), login.clientState().orElse(null),
            login.codeChallenge(), login.scope().toArray(String[]::new), login.nonce(), login.upstreamVerifier(), utc(login.expiresAt()), utc(now), cap,
            login.clientNonce().orElse(null))))
        .rowCount() == 1;
  }

  @Override
  public Optional<PendingLogin> takePending(byte[] stateHash, Instant now) {
    RowSet<Row> rows = run("DELETE FROM session_pending WHERE state_hash = $1 "
        + "RETURNING state_hash, client_id, redirect_uri, client_state, code_challenge, scope, nonce, upstream_verifier, expires_at, client_nonce", Tuple.of(bytes(stateHash)));
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    PendingLogin login = new PendingLogin(row.getBuffer("state_hash").getBytes(), row.getString("client_id"), URI.create(row.getString("redirect_uri")),
        Optional.ofNullable(row.getString("client_state")), row.getString("code_challenge"), Set.of(row.getArrayOfStrings("scope")), row.getString("nonce"),
        row.getString("upstream_verifier"), row.getOffsetDateTime("expires_at").toInstant(), Optional.ofNullable(row.getString("client_nonce")));
    return Optional.of(login).filter(l -> l.expiresAt().isAfter(now));
  }

  @Override
  public boolean addCode(AuthorizationCode code, int cap, Instant now) {
    return run("""
        INSERT INTO session_codes (hash, session_id, client_id, redirect_uri, code_challenge, expires_at, nonce)
        SELECT $1, $2, $3, $4, $5, $6, $9
        WHERE (SELECT count(*) FROM session_codes WHERE claimed_at IS NULL AND expires_at > $7) < $8""",
        Tuple.from(Arrays.asList(bytes(code.hash()), code.sessionId(), code.clientId(), code.redirectUri().toString(), code.codeChallenge(),
            utc(code.expiresAt()), utc(now), cap, code.nonce().orElse(null)))).rowCount() == 1;
  }

  @Override
  public CodeClaim claimCode(byte[] hash, Instant now) {
    RowSet<Row> claimed = run("UPDATE session_codes SET claimed_at = $2 WHERE hash = $1 AND claimed_at IS NULL AND expires_at > $2 "
        + "RETURNING hash, session_id, client_id, redirect_uri, code_challenge, expires_at, nonce",
        Tuple.of(bytes(hash), utc(now)));
    if (claimed.size() == 1) {
      Row row = claimed.iterator().next();
      return new CodeClaim.Claimed(new AuthorizationCode(row.getBuffer("hash").getBytes(), row.getString("session_id"), row.getString("client_id"),
          URI.create(row.getString("redirect_uri")), row.getString("code_challenge"), row.getOffsetDateTime("expires_at").toInstant(),
          Optional.ofNullable(row.getString("nonce"))));
    }
    RowSet<Row> used = run("SELECT session_id FROM session_codes WHERE hash = $1 AND claimed_at IS NOT NULL", Tuple.of(bytes(hash)));
    return used.size() == 1 ? new CodeClaim.Replayed(used.iterator().next().getString("session_id")) : new CodeClaim.Unknown();
  }

  @Override
  public void createSession(Session s) {
    run("""
        INSERT INTO sessions (id, tenant, client_id, subject, email, name, groups, scope, upstream_ciphertext, upstream_wrapped_key, upstream_kek,
                              upstream_access_expires_at, upstream_obtained_at, created_at, expires_at, ended_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""",
        Tuple.from(Arrays.asList(s.id(), s.tenant().value(), s.clientId(), s.subject(), s.identity().email().orElse(null), s.identity().name().orElse(null),
            s.identity().groups().toArray(String[]::new), s.scope().toArray(String[]::new), bytes(s.upstreamTokens().ciphertext()),
            bytes(s.upstreamTokens().wrappedDataKey()), s.upstreamTokens().kekId(), utc(s.upstreamAccessExpiresAt()), utc(s.upstreamObtainedAt()), utc(s.createdAt()),
            utc(s.expiresAt()),
            s.endedAt().map(PgSessionStore::utc).orElse(null))));
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    RowSet<Row> rows = run("SELECT " + SESSION_COLUMNS + " FROM sessions WHERE id = $1", Tuple.of(sessionId));
    return rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next()));
  }

  @Override
  public List<Session> sessions(TenantId tenant, Optional<String> subject, int limit) {
    RowSet<Row> rows = connections.inTenant(tenant, sql -> sql.preparedQuery( // row-level security: only this tenant's rows
        "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE tenant = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY created_at DESC LIMIT $3")
        .execute(Tuple.of(tenant.value(), subject.orElse(null), limit)).await());
    return StreamSupport.stream(rows.spliterator(), false).map(PgSessionStore::session).toList();
  }

  private static Session session(Row row) {
    IdentityClaims identity = new IdentityClaims(Optional.ofNullable(row.getString("email")), Optional.ofNullable(row.getString("name")),
        List.of(row.getArrayOfStrings("groups")));
    return new Session(row.getString("id"), new TenantId(row.getString("tenant")), row.getString("client_id"), row.getString("subject"), identity,
        Set.of(row.getArrayOfStrings("scope")), new SealedValue(row.getBuffer("upstream_ciphertext").getBytes(), row.getBuffer("upstream_wrapped_key").getBytes(),
        row.getString("upstream_kek")), row.getOffsetDateTime("upstream_access_expires_at").toInstant(),
        row.getOffsetDateTime("upstream_obtained_at").toInstant(), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant(), Optional.ofNullable(row.getOffsetDateTime("ended_at")).map(OffsetDateTime::toInstant));
  }

  @Override
  public void updateUpstream(String sessionId, SealedValue tokens, Instant upstreamAccessExpiresAt, Instant obtainedAt) {
    run("""
        UPDATE sessions SET upstream_ciphertext = $2, upstream_wrapped_key = $3, upstream_kek = $4, upstream_access_expires_at = $5,
                            upstream_obtained_at = $6 WHERE id = $1""",
        Tuple.of(sessionId, bytes(tokens.ciphertext()), bytes(tokens.wrappedDataKey()), tokens.kekId(), utc(upstreamAccessExpiresAt), utc(obtainedAt)));
  }

  @Override
  public boolean endSession(String sessionId, Instant at) {
    boolean ended = run("UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL", Tuple.of(sessionId, utc(at))).rowCount() == 1;
    run("DELETE FROM session_refresh_tokens WHERE session_id = $1", Tuple.of(sessionId));
    return ended;
  }

  @Override
  public boolean leaseUpstreamRefresh(String sessionId, Instant until, Instant now) {
    return run("UPDATE sessions SET refresh_lease_until = $2 WHERE id = $1 AND (refresh_lease_until IS NULL OR refresh_lease_until <= $3)",
        Tuple.of(sessionId, utc(until), utc(now))).rowCount() == 1;
  }

  @Override
  public void releaseUpstreamRefresh(String sessionId) {
    run("UPDATE sessions SET refresh_lease_until = NULL WHERE id = $1", Tuple.of(sessionId));
  }

  @Override
  public void addRefresh(RefreshToken token) {
    run("INSERT INTO session_refresh_tokens (hash, session_id, client_id, expires_at) VALUES ($1, $2, $3, $4)",
        Tuple.of(bytes(token.hash()), token.sessionId(), token.clientId(), utc(token.expiresAt())));
  }

  @Override
  public Rotation rotateRefresh(byte[] presentedHash, RefreshToken successor, SealedValue sealed, Optional<Instant> mintedAgainst, Instant now) {
    Optional<RefreshToken> rotated = rotations.rotate(presentedHash, successor, sealed, mintedAgainst, now);
    if (rotated.isPresent()) {
      return new Rotation.Rotated(rotated.get());
    }
    RowSet<Row> before = run("""
        SELECT t.session_id, t.client_id, t.expires_at, t.rotated_at, t.successor_ciphertext, t.successor_wrapped_key, t.successor_kek
          FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE t.hash = $1 AND t.expires_at > $2 AND s.ended_at IS NULL AND s.expires_at > $2""",
        Tuple.of(bytes(presentedHash), utc(now)));
    if (before.size() == 0) {
      return new Rotation.Unknown();
    }
    Row row = before.iterator().next();
    if (row.getOffsetDateTime("rotated_at") == null) {
      return new Rotation.SessionChanged(); // current and its session active: only the upstream tokens can have failed the rotation
    }
    return new Rotation.AlreadyRotated(new RefreshToken(presentedHash, row.getString("session_id"), row.getString("client_id"),
        row.getOffsetDateTime("expires_at").toInstant()), row.getOffsetDateTime("rotated_at").toInstant(),
        new SealedValue(row.getBuffer("successor_ciphertext").getBytes(), row.getBuffer("successor_wrapped_key").getBytes(), row.getString("successor_kek")));
  }

  @Override
  public Optional<RefreshToken> findRefresh(byte[] hash, Instant now) {
    RowSet<Row> rows = run("""
        SELECT t.session_id, t.client_id, t.expires_at FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE t.hash = $1 AND t.rotated_at IS NULL AND t.expires_at > $2 AND s.ended_at IS NULL AND s.expires_at > $2""", Tuple.of(bytes(hash), utc(now)));
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new RefreshToken(hash, row.getString("session_id"), row.getString("client_id"), row.getOffsetDateTime("expires_at").toInstant()));
  }

  /** One statement where the two reads would be two round trips: the refresh grant's hot path. */
  @Override
  public Optional<CurrentRefresh> findRefreshWithSession(byte[] hash, Instant now) {
    RowSet<Row> rows = run("SELECT " + SESSION_COLUMNS_OF_S + """
        , t.client_id AS refresh_client_id, t.expires_at AS refresh_expires_at
          FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE t.hash = $1 AND t.rotated_at IS NULL AND t.expires_at > $2 AND s.ended_at IS NULL AND s.expires_at > $2""",
        Tuple.of(bytes(hash), utc(now)));
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    Session session = session(row);
    return Optional.of(new CurrentRefresh(new RefreshToken(hash, session.id(), row.getString("refresh_client_id"),
        row.getOffsetDateTime("refresh_expires_at").toInstant()), session));
  }

  @Override
  public long purgeExpired(Instant now) {
    Tuple at = Tuple.of(utc(now));
    return run("DELETE FROM session_pending WHERE expires_at <= $1", at).rowCount()
        + run("DELETE FROM session_codes WHERE expires_at <= $1::timestamptz - interval '10 minutes'", at).rowCount()
        + run("DELETE FROM session_refresh_tokens WHERE expires_at <= $1", at).rowCount()
        + run("DELETE FROM sessions WHERE expires_at <= $1", at).rowCount();
  }
}
