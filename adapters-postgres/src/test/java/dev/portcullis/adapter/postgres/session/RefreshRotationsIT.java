package dev.portcullis.adapter.postgres.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgTestDatabase;
import dev.portcullis.adapter.postgres.PostgresModule;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.testing.Race;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rotations that arrive together share one statement and one commit ({@link RefreshRotations}); what each
 * caller learns is still decided by its own row. The store's contract (PgSessionStoreIT) covers the rules;
 * this covers what sharing a statement could break.
 */
class RefreshRotationsIT {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final SealedValue SEALED = new SealedValue(new byte[] {1, 2, 3}, new byte[] {4, 5}, "kek-1");
  private final PgConnections connections = PgTestDatabase.connections();
  private final PgSessionStore store = new PgSessionStore(connections);

  @Test
  void many_refreshes_at_once_share_statements_and_each_caller_gets_its_own_tokens_rotation() throws Exception {
    int callers = 64;
    List<Session> sessions = new ArrayList<>();
    List<byte[]> tokens = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Session session = stored();
      byte[] token = hash();
      store.addRefresh(new RefreshToken(token, session.id(), "client-" + i, T0.plusSeconds(86_400)));
      sessions.add(session);
      tokens.add(token);
    }
    List<byte[]> successors = new ArrayList<>();
    tokens.forEach(t -> successors.add(hash()));
    AtomicInteger next = new AtomicInteger();

    List<Integer> rotatedBy = Race.of(callers, () -> {
      int i = next.getAndIncrement();
      SessionStore.Rotation rotation = store.rotateRefresh(tokens.get(i), new RefreshToken(successors.get(i), sessions.get(i).id(), "client-" + i,
          T0.plusSeconds(86_400)), SEALED, Optional.of(sessions.get(i).upstreamObtainedAt()), T0.plusSeconds(10));
      assertThat(rotation).isInstanceOfSatisfying(SessionStore.Rotation.Rotated.class, r -> {
        assertThat(r.previous().sessionId()).as("the caller's own session, not a neighbour's in the statement").isEqualTo(sessions.get(i).id());
        assertThat(r.previous().clientId()).isEqualTo("client-" + i);
      });
      return i;
    });

    assertThat(rotatedBy).hasSize(callers).doesNotHaveDuplicates();
    assertThat(store.rotations.flights.sum()).as("rotations that arrived together went out together").isLessThan(callers);
    for (int i = 0; i < callers; i++) {
      String sessionId = sessions.get(i).id();
      assertThat(store.findRefresh(tokens.get(i), T0.plusSeconds(11))).isEmpty();
      assertThat(store.findRefresh(successors.get(i), T0.plusSeconds(11))).as("each successor stored once, in its own session")
          .hasValueSatisfying(t -> assertThat(t.sessionId()).isEqualTo(sessionId));
    }
  }

  @Test
  void the_same_token_twice_in_one_statement_rotates_once_and_stores_one_successor() {
    Session session = stored();
    byte[] token = hash();
    store.addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));
    byte[] first = hash();
    byte[] second = hash();

    List<Optional<RefreshToken>> rotated = store.rotations.send(connections.pool(), List.of(presented(token, first, session), presented(token, second, session)))
        .await();

    assertThat(rotated).filteredOn(Optional::isPresent).hasSize(1);
    assertThat(List.of(store.findRefresh(first, T0.plusSeconds(11)), store.findRefresh(second, T0.plusSeconds(11))))
        .as("only the winner's successor exists").filteredOn(Optional::isPresent).hasSize(1);
    assertThat(store.rotateRefresh(token, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(12))).as("the loser learns of the rotation").isInstanceOf(SessionStore.Rotation.AlreadyRotated.class);
  }

  @Test
  void a_statement_the_server_refuses_is_sent_again_row_by_row_so_one_bad_row_fails_only_its_own_caller() {
    Session session = stored();
    byte[] good = hash();
    byte[] bad = hash();
    byte[] taken = hash(); // a successor hash that already exists: its insert violates the primary key
    for (byte[] token : List.of(good, bad, taken)) {
      store.addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));
    }
    RefreshRotations.Presented fine = presented(good, hash(), session);
    RefreshRotations.Presented refused = presented(bad, taken, session);
    long before = store.rotations.flights.sum();

    store.rotations.settle(new ArrayList<>(List.of(fine, refused))).await();

    assertThat(fine.rotated().future().result()).isPresent();
    assertThat(refused.rotated().future().cause()).isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23505"));
    assertThat(store.rotations.flights.sum() - before).as("the pair, then each alone").isEqualTo(3);
    assertThat(store.findRefresh(bad, T0.plusSeconds(11))).as("the refused rotation left its token current").isPresent();
  }

  @Test
  void two_statements_holding_each_others_rows_deadlock_and_the_aborted_rotations_are_sent_again_one_by_one() throws Exception {
    Session session = stored();
    List<byte[]> pair = new ArrayList<>(List.of(hash(), hash()));
    pair.sort(java.util.Arrays::compareUnsigned); // the order the statement locks them in
    for (byte[] token : pair) {
      store.addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));
    }
    RefreshRotations.Presented lower = presented(pair.get(0), hash(), session);
    RefreshRotations.Presented higher = presented(pair.get(1), hash(), session);
    long before = store.rotations.flights.sum();
    SqlConnection other = connections.pool().getConnection().await();
    try {
      other.query("BEGIN").execute().await();
      other.preparedQuery("SELECT 1 FROM session_refresh_tokens WHERE hash = $1 FOR UPDATE").execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(pair.get(1)))).await();

      Future<Void> settled = store.rotations.settle(new ArrayList<>(List.of(higher, lower))); // holds the lower row, waits for the higher
      awaitLockWaits(1);
      Future<?> crossing = other.preparedQuery("UPDATE session_refresh_tokens SET client_id = client_id WHERE hash = $1")
          .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(pair.get(0)))); // waits for the lower row: a cycle
      crossing.await(10, TimeUnit.SECONDS);
      other.query("ROLLBACK").execute().await();
      settled.await(10, TimeUnit.SECONDS);
    } finally {
      other.close().await();
    }

    assertThat(lower.rotated().future().result()).as("rotated when sent again alone").isPresent();
    assertThat(higher.rotated().future().result()).isPresent();
    assertThat(store.rotations.flights.sum() - before).as("the aborted pair, then each alone").isEqualTo(3);
  }

  @Test
  void a_database_that_stops_answering_fails_every_queued_rotation_as_an_outage_within_the_deadline() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestPostgres db = TestPostgres.get();
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port())) {
      PostgresModule module = new PostgresModule(db.connectOptions().setHost("127.0.0.1").setPort(proxy.port()), new PoolOptions().setMaxSize(4)
          .setConnectionTimeout(1_000).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS), Duration.ofSeconds(1)); // as Portcullis builds it
      com.google.inject.Injector injector = Guice.createInjector(binder -> binder.bind(Vertx.class).toInstance(vertx), module);
      Pool pool = injector.getInstance(Pool.class);
      PgSessionStore cut = injector.getInstance(PgSessionStore.class);
      Session session = stored();
      List<byte[]> tokens = new ArrayList<>();
      int callers = 4 * RefreshRotations.MAX_IN_FLIGHT * RefreshRotations.MAX_BATCH; // more than the statements ahead can take at once
      for (int i = 0; i < callers; i++) {
        byte[] token = hash();
        store.addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));
        tokens.add(token);
      }
      pool.query("SELECT 1").execute().await(); // connections open before the cut
      proxy.blackhole();
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();

      List<Throwable> failures = Race.of(callers, () -> {
        byte[] token = tokens.get(next.getAndIncrement());
        try {
          cut.rotateRefresh(token, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
              Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(10));
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      proxy.restore();

      assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(DependencyUnavailable.class));
      assertThat(took).as("the statements ahead end at their deadline (1 s + 0.5 s); what queued behind them fails then, unsent")
          .isLessThan(Duration.ofSeconds(4));
      assertThat(tokens).as("nothing rotated").allSatisfy(t -> assertThat(store.findRefresh(t, T0.plusSeconds(11))).isPresent());
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  private void awaitLockWaits(int expected) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      long waiting = connections.pool().query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
          .execute().await().iterator().next().getLong(0);
      if (waiting >= expected) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the statement never waited for the row lock");
  }

  private static RefreshRotations.Presented presented(byte[] token, byte[] successor, Session session) {
    return new RefreshRotations.Presented(token, new RefreshToken(successor, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        session.upstreamObtainedAt(), T0.plusSeconds(10), System.nanoTime(), Promise.promise());
  }

  private Session stored() {
    Session session = new Session("sid-" + UUID.randomUUID(), new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8)), "client-1", "alice",
        new IdentityClaims(Optional.empty(), Optional.empty(), List.of()), Set.of("openid"), SEALED, T0.plusSeconds(300), T0, T0, T0.plusSeconds(86_400),
        Optional.empty());
    store.createSession(session);
    return session;
  }

  private static byte[] hash() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
