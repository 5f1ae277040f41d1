package dev.portcullis.adapter.postgres;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned migrations. Safe when several nodes start at once: the whole run holds a
 * session-level advisory lock, so the second node waits, then finds everything applied. Each
 * migration runs in its own transaction together with its row in {@code schema_migrations}.
 */
public final class PgMigrations {
  /** The production schema. */
  public static final String PORTCULLIS = "db/migration";
  private static final long LOCK_KEY = 0x706f7274_63756c6cL; // "portcull"
  private static final Logger log = LoggerFactory.getLogger(PgMigrations.class);

  private final Pool pool;
  private final List<Migration> migrations;

  public PgMigrations(Pool pool, List<Migration> migrations) {
    this.pool = pool;
    this.migrations = List.copyOf(migrations);
  }

  /** Applies what is missing; returns the versions this call applied. */
  public List<Integer> migrate() {
    SqlConnection connection = pool.getConnection().await();
    try {
      connection.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(LOCK_KEY)).await();
      try {
        createBookkeepingTable(connection);
        Map<Integer, String> applied = appliedChecksums(connection);
        List<Integer> done = new java.util.ArrayList<>();
        for (Migration migration : migrations) {
          String checksum = applied.get(migration.version());
          if (checksum == null) {
            apply(connection, migration);
            done.add(migration.version());
          } else if (!checksum.equals(migration.checksum())) {
            throw new IllegalStateException("migration V" + migration.version() + " (" + migration.description()
                + ") was changed after it was applied; add a new migration instead of editing an old one");
          }
        }
        if (applied.keySet().stream().anyMatch(v -> v > migrations.size())) {
          throw new IllegalStateException("the database has migrations newer than this build (up to V"
              + applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + "); run a newer Portcullis");
        }
        return List.copyOf(done);
      } finally {
        connection.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)).await();
      }
    } finally {
      connection.close().await();
    }
  }

  /**
   * Checks without changing anything (for a process that must not migrate, such as an embedding product
   * whose schema is managed by the service): the versions this build has that the database lacks.
   * Throws when an applied migration was edited or the database is newer than this build.
   */
  public List<Integer> pending() {
    SqlConnection connection = pool.getConnection().await();
    try {
      boolean exists = connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").execute().await().iterator().next().getBoolean(0);
      Map<Integer, String> applied = exists ? appliedChecksums(connection) : Map.of();
      List<Integer> missing = new java.util.ArrayList<>();
      for (Migration migration : migrations) {
        String checksum = applied.get(migration.version());
        if (checksum == null) {
          missing.add(migration.version());
        } else if (!checksum.equals(migration.checksum())) {
          throw new IllegalStateException("migration V" + migration.version() + " (" + migration.description()
              + ") in the database differs from this build's");
        }
      }
      if (applied.keySet().stream().anyMatch(v -> v > migrations.size())) {
        throw new IllegalStateException("the database has migrations newer than this build; use a newer Portcullis");
      }
      return List.copyOf(missing);
    } finally {
      connection.close().await();
    }
  }

  private static void createBookkeepingTable(SqlConnection connection) {
    // Checked first rather than CREATE ... IF NOT EXISTS, whose NOTICE the driver logs as a warning.
    // The advisory lock makes check-then-create safe.
    boolean exists = connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").execute().await()
        .iterator().next().getBoolean(0);
    if (!exists) {
      connection.query("""
          CREATE TABLE schema_migrations (
            version     integer PRIMARY KEY,
            description text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
          )""").execute().await();
    }
  }

  private static Map<Integer, String> appliedChecksums(SqlConnection connection) {
    Map<Integer, String> applied = new HashMap<>();
    for (Row row : connection.query("SELECT version, checksum FROM schema_migrations").execute().await()) {
      applied.put(row.getInteger("version"), row.getString("checksum"));
    }
    return applied;
  }

  private static void apply(SqlConnection connection, Migration migration) {
    Transaction transaction = connection.begin().await();
    try {
      connection.query(migration.sql()).execute().await();
      connection.preparedQuery("INSERT INTO schema_migrations (version, description, checksum) VALUES ($1, $2, $3)")
          .execute(Tuple.of(migration.version(), migration.description(), migration.checksum())).await();
      transaction.commit().await();
      log.info("applied migration V{} ({})", migration.version(), migration.description());
    } catch (Exception e) { // await() rethrows checked I/O failures too
      transaction.rollback().await();
      throw new IllegalStateException("migration V" + migration.version() + " (" + migration.description() + ") failed: "
          + Failures.describe(e), e);
    }
  }
}
