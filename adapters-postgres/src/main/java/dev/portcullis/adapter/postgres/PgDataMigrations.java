package dev.portcullis.adapter.postgres;

import dev.portcullis.application.shared.port.out.DataMigrations;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;

/** {@link DataMigrations} in the {@code data_migrations} table. */
public final class PgDataMigrations implements DataMigrations {
  private final PgConnections connections;

  @Inject
  public PgDataMigrations(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public boolean done(String name) {
    return PgFailures.translate(() -> connections.client().preparedQuery("SELECT 1 FROM data_migrations WHERE name = $1").execute(Tuple.of(name)).await()
        .size() == 1);
  }

  @Override
  public void markDone(String name) {
    PgFailures.translate(() -> connections.client().preparedQuery("INSERT INTO data_migrations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of(name)).await());
  }
}
