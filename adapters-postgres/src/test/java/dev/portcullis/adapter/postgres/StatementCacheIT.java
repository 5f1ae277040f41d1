package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.postgres.grant.PgClientStore;
import dev.portcullis.application.grant.port.out.ClientStoreContract;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool keeps each connection's prepared statements (PostgresModule turns the cache on: it halves the database work of a
 * refresh). A cached statement is a server-side plan whose result type is fixed when it is prepared; a {@code SELECT *} on a
 * table that a newer node's migration has since widened then fails with "cached plan must not change result type" (SQLSTATE
 * 0A000) on every old node until it reconnects. Naming the columns keeps the result type, so a rolling upgrade that adds a
 * column is invisible to the nodes still running the old code.
 */
class StatementCacheIT {
  private final Vertx vertx = Vertx.vertx();
  private Pool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close().await();
    }
    vertx.close().await();
  }

  @Test
  void the_production_pool_caches_prepared_statements() {
    PostgresModule module = new PostgresModule(TestPostgres.get().connectOptions(), new PoolOptions().setMaxSize(1));

    assertThat(module.connectOptions().getCachePreparedStatements()).isTrue();
  }

  @Test
  void a_cached_statement_keeps_working_after_another_nodes_migration_adds_a_column() {
    TestPostgres db = TestPostgres.get().freshDatabase("stmt_cache");
    // One connection, so the second find runs the very statement the first one prepared.
    pool = new PostgresModule(db.connectOptions(), new PoolOptions().setMaxSize(1)).pool(vertx);
    new PgMigrations(pool, Migration.fromClasspath(PgMigrations.PORTCULLIS)).migrate();
    PgClientStore clients = new PgClientStore(new PgConnections(pool));
    clients.add(ClientStoreContract.client("cached-1"));
    assertThat(clients.find("cached-1")).isPresent();

    pool.query("ALTER TABLE oauth_clients ADD COLUMN added_by_a_newer_node text").execute().await();

    assertThat(clients.find("cached-1")).get().extracting(c -> c.clientId()).isEqualTo("cached-1");
  }

  @Test
  void no_statement_of_the_postgres_adapter_selects_or_returns_star() throws IOException {
    Pattern star = Pattern.compile("(?i)\\b(SELECT|RETURNING)\\s+(\\w+\\.)?\\*|,\\s*\\w+\\.\\*");
    Path sources = Path.of("src/main/java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> star.matcher(read(p)).find())
          .map(p -> sources.relativize(p).toString()).toList();
    }

    assertThat(offenders).as("statements that would break a cached plan when a column is added").isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
