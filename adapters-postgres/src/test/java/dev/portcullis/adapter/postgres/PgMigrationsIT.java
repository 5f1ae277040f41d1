package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PgMigrationsIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<Pool> pools = new ArrayList<>();

  @AfterEach
  void close() {
    pools.forEach(p -> p.close().await());
    vertx.close().await();
  }

  @Test
  void applies_every_production_migration_once_and_then_nothing() {
    Pool pool = pool(TestPostgres.get().freshDatabase("mig_once"));
    PgMigrations migrations = new PgMigrations(pool, Migration.fromClasspath(PgMigrations.PORTCULLIS));

    List<Integer> first = migrations.migrate();
    List<Integer> second = migrations.migrate();

    assertThat(first).isEqualTo(versions(Migration.fromClasspath(PgMigrations.PORTCULLIS)));
    assertThat(second).isEmpty();
    assertThat(pool.query("SELECT count(*) FROM schema_migrations").execute().await().iterator().next().getLong(0))
        .isEqualTo(first.size());
  }

  @Test
  void two_nodes_starting_at_once_apply_each_migration_exactly_once() throws Exception {
    TestPostgres db = TestPostgres.get().freshDatabase("mig_race");
    List<Migration> all = Migration.fromClasspath(PgMigrations.PORTCULLIS);
    int nodes = 4;
    CyclicBarrier start = new CyclicBarrier(nodes);
    List<Future<List<Integer>>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newFixedThreadPool(nodes)) {
      for (int i = 0; i < nodes; i++) {
        PgMigrations node = new PgMigrations(pool(db), all); // a pool of its own, like a separate node
        results.add(threads.submit(() -> {
          start.await();
          return node.migrate();
        }));
      }
    }

    List<Integer> appliedByAnyone = new ArrayList<>();
    for (Future<List<Integer>> result : results) {
      appliedByAnyone.addAll(result.get());
    }
    assertThat(appliedByAnyone).containsExactlyInAnyOrderElementsOf(versions(all));
  }

  @Test
  void refuses_to_run_when_an_applied_migration_was_edited() {
    Pool pool = pool(TestPostgres.get().freshDatabase("mig_edit"));
    new PgMigrations(pool, List.of(new Migration(1, "create t", "CREATE TABLE t (x int)"))).migrate();

    PgMigrations edited = new PgMigrations(pool, List.of(new Migration(1, "create t", "CREATE TABLE t (x bigint)")));

    assertThatThrownBy(edited::migrate).hasMessageContaining("V1").hasMessageContaining("changed after it was applied");
  }

  @Test
  void a_failing_migration_leaves_no_trace_and_names_itself() {
    Pool pool = pool(TestPostgres.get().freshDatabase("mig_fail"));
    PgMigrations broken = new PgMigrations(pool, List.of(
        new Migration(1, "good", "CREATE TABLE good (x int)"),
        new Migration(2, "bad", "CREATE TABLE bad (x int); SELECT * FROM no_such_table")));

    assertThatThrownBy(broken::migrate).hasMessageContaining("V2 (bad) failed");

    assertThat(pool.query("SELECT version FROM schema_migrations").execute().await()).extracting(r -> r.getInteger(0)).containsExactly(1);
    assertThat(pool.query("SELECT to_regclass('bad') IS NULL").execute().await().iterator().next().getBoolean(0)).isTrue();
  }

  @Test
  void refuses_a_database_migrated_by_a_newer_build() {
    Pool pool = pool(TestPostgres.get().freshDatabase("mig_newer"));
    new PgMigrations(pool, List.of(new Migration(1, "a", "SELECT 1"), new Migration(2, "b", "SELECT 2"))).migrate();

    PgMigrations older = new PgMigrations(pool, List.of(new Migration(1, "a", "SELECT 1")));

    assertThatThrownBy(older::migrate).hasMessageContaining("newer than this build");
  }

  private Pool pool(TestPostgres db) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.connectOptions()).using(vertx).build();
    pools.add(pool);
    return pool;
  }

  private static List<Integer> versions(List<Migration> migrations) {
    return migrations.stream().map(Migration::version).toList();
  }
}
