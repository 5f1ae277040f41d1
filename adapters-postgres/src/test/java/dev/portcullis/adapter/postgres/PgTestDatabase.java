package dev.portcullis.adapter.postgres;

import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** One migrated database for the store ITs of this test run, shared by the test classes. */
public final class PgTestDatabase {
  private static PgConnections connections;

  private PgTestDatabase() {}

  public static synchronized PgConnections connections() {
    if (connections == null) {
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16))
          .connectingTo(TestPostgres.get().freshDatabase("stores").connectOptions()).using(vertx).build();
      new PgMigrations(pool, Migration.fromClasspath(PgMigrations.PORTCULLIS)).migrate();
      connections = new PgConnections(pool);
    }
    return connections;
  }
}
