package dev.portcullis.adapter.postgres.session;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.shared.SealedValue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refresh-token rotations by group commit (for {@link PgSessionStore}). A rotation is one statement — mark
 * the presented token rotated (while it is current, its session active and still holding the upstream
 * tokens the answer was minted against) and insert its successor — and under load Postgres spends most of
 * a rotation on the statement's round trip and its commit, not on the rows. So rotations that arrive
 * together go out together: callers queue; while fewer than {@value #MAX_IN_FLIGHT} flights run, one takes
 * everything queued (up to {@value #MAX_BATCH}) and sends the same statement once per rotation, pipelined
 * behind a single Sync — Postgres runs them as one implicit transaction: one round trip, one commit, one WAL
 * flush, all or nothing. Each caller waits for the commit that covers its own rotation. Nothing is answered
 * before its commit, so a crash loses what it lost before: rotations not yet committed, none of them answered.
 *
 * <p>Every rotation is still decided by its own statement and row lock. The same token twice in one flight
 * rotates once (the later statement sees the earlier one's rotation and rotates nothing), and across flights as
 * before. A flight takes its rows in hash order, so two flights never wait on each other in a cycle; a deadlock
 * with another writer (a family revoked while one of its tokens rotates) aborts the flight, and its rotations,
 * rolled back whole, are sent again one at a time — as is a flight the server refuses with any SQL error, so
 * one bad rotation fails only its own caller. (Why not one statement over arrays: its plan depends on table
 * statistics, and a generic plan cached while the table was small hash-joins a sequential scan — three times
 * slower per rotation than this statement, measured; docs/performance.md.)
 *
 * <p>Deadlines: a flight is bounded like any statement (the pool's wait for a connection, the server's
 * {@code statement_timeout}, the client's answer deadline), and an outage fails the whole flight with
 * {@code DependencyUnavailable} for each caller. A rotation still queued when a statement deadline has passed
 * is never sent and fails the same way: behind flights that hang, callers wait for the ones ahead once, not
 * for a queue that drains a flight at a time.
 */
final class RefreshRotations {
  /** Flights at a time (of the pool's 16 connections): two and four measured alike, eight gave a third of the gain back (docs/performance.md). */
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_BATCH = 64;
  private static final Comparator<Presented> BY_HASH = (a, b) -> Arrays.compareUnsigned(a.hash(), b.hash());
  private static final String ROTATE = """
      WITH old AS (
        UPDATE session_refresh_tokens t
           SET rotated_at = $2, successor_ciphertext = $3, successor_wrapped_key = $4, successor_kek = $5
         WHERE t.hash = $1 AND t.rotated_at IS NULL AND t.expires_at > $2
           AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = t.session_id AND s.ended_at IS NULL AND s.expires_at > $2
                                                  AND s.upstream_obtained_at = $8)
        RETURNING t.session_id, t.client_id, t.expires_at),
      successor AS (
        INSERT INTO session_refresh_tokens (hash, session_id, client_id, expires_at)
        SELECT $6, session_id, client_id, $7 FROM old)
      SELECT session_id, client_id, expires_at FROM old""";

  private final PgConnections connections;
  private final ConcurrentLinkedQueue<Presented> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Flights sent: how a test sees that rotations went out together. */
  final LongAdder flights = new LongAdder();

  RefreshRotations(PgConnections connections) {
    this.connections = connections;
  }

  /** One presented token, what would succeed it, and the caller's wait. {@code mintedAgainst} null: never equal. */
  record Presented(byte[] hash, RefreshToken successor, SealedValue sealed, Instant mintedAgainst, Instant now, long queuedAt,
                   Promise<Optional<RefreshToken>> rotated) {}

  /** The rotated token (its session, client and expiry as stored), or nothing when no row rotated: the caller reads why. */
  Optional<RefreshToken> rotate(byte[] hash, RefreshToken successor, SealedValue sealed, Optional<Instant> mintedAgainst, Instant now) {
    Presented presented = new Presented(hash, successor, sealed, mintedAgainst.orElse(null), now, System.nanoTime(), Promise.promise());
    if (connections.inTransaction()) { // joins the caller's transaction: a flight of one on its connection
      return PgFailures.translate(() -> send(connections.client(), List.of(presented)).await()).get(0);
    }
    waiting.add(presented);
    start();
    return PgFailures.translate(() -> presented.rotated().future().await());
  }

  /** Sends what is queued while fewer than {@value #MAX_IN_FLIGHT} flights run; each one's end sends the next. */
  private void start() {
    while (!waiting.isEmpty()) {
      int running = inFlight.get();
      if (running >= MAX_IN_FLIGHT) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      List<Presented> batch = new ArrayList<>();
      long now = System.nanoTime();
      for (Presented next; batch.size() < MAX_BATCH && (next = waiting.poll()) != null; ) {
        if (now - next.queuedAt() > connections.deadline().toNanos()) {
          next.rotated().tryFail(new DependencyUnavailable("postgres", new TimeoutException("queued past the statement deadline")));
        } else {
          batch.add(next);
        }
      }
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      settle(batch).onComplete(ended -> {
        inFlight.decrementAndGet();
        start();
      });
    }
  }

  /** Sends {@code batch} as one flight and settles each caller; a flight the server refused is sent again one rotation at a time. */
  Future<Void> settle(List<Presented> batch) {
    batch.sort(BY_HASH);
    Future<List<Optional<RefreshToken>>> sent;
    try {
      sent = send(connections.pool(), batch);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.transform(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).rotated().tryComplete(result.result().get(i));
        }
        return Future.succeededFuture();
      }
      if (result.cause() instanceof PgException && batch.size() > 1) { // rolled back whole: a deadlock, or one row the server refused
        return Future.join(batch.stream().map(one -> settle(new ArrayList<>(List.of(one)))).toList()).mapEmpty();
      }
      batch.forEach(one -> one.rotated().tryFail(result.cause()));
      return Future.succeededFuture();
    });
  }

  /**
   * One flight for {@code batch}: the rotating statement once per presented token, pipelined with a single
   * Sync, so Postgres runs them as one implicit transaction — one commit, all or nothing. For each presented
   * token (same order), the rotated token or nothing.
   */
  Future<List<Optional<RefreshToken>>> send(SqlClient sql, List<Presented> batch) {
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (Presented one : batch) {
      rows.add(Tuple.from(Arrays.asList(Buffer.buffer(one.hash()), utc(one.now()), Buffer.buffer(one.sealed().ciphertext()),
          Buffer.buffer(one.sealed().wrappedDataKey()), one.sealed().kekId(), Buffer.buffer(one.successor().hash()), utc(one.successor().expiresAt()),
          one.mintedAgainst() == null ? null : utc(one.mintedAgainst())))); // null: never equal
    }
    flights.increment();
    io.vertx.sqlclient.PreparedQuery<RowSet<Row>> rotate = sql.preparedQuery(ROTATE);
    return (rows.size() == 1 ? rotate.execute(rows.get(0)) : rotate.executeBatch(rows)).map(first -> {
      List<Optional<RefreshToken>> rotated = new ArrayList<>(batch.size());
      RowSet<Row> result = first;
      for (Presented one : batch) {
        Optional<RefreshToken> token = Optional.empty();
        for (Row row : result) {
          token = Optional.of(new RefreshToken(one.hash(), row.getString("session_id"), row.getString("client_id"), row.getOffsetDateTime("expires_at").toInstant()));
        }
        rotated.add(token);
        result = result.next();
      }
      return rotated;
    });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
