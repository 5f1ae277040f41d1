package dev.portcullis.adapter.postgres;

import dev.portcullis.application.shared.port.out.InvalidationLog;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** {@link InvalidationLog} in the {@code invalidations} table; {@link #append} joins the caller's transaction. */
public final class PgInvalidationLog implements InvalidationLog {
  private final PgConnections connections;

  @Inject
  public PgInvalidationLog(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public long append(String topic, String key, Instant until) {
    return PgFailures.translate(() -> connections.client().preparedQuery("INSERT INTO invalidations (topic, key, until) VALUES ($1, $2, $3) RETURNING seq")
        .execute(Tuple.of(topic, key, until.atOffset(ZoneOffset.UTC))).await().iterator().next().getLong("seq"));
  }

  @Override
  public Read read(Instant from) {
    return PgFailures.translate(() -> {
      RowSet<Row> rows = connections.pool().preparedQuery("""
              SELECT statement_timestamp() AS log_now, i.seq, i.topic, i.key, i.until
              FROM (SELECT 1) AS one LEFT JOIN invalidations i ON i.at >= $1
              ORDER BY i.seq""")
          .execute(Tuple.of(from.atOffset(ZoneOffset.UTC))).await();
      List<Entry> entries = new ArrayList<>();
      Instant logNow = Instant.EPOCH;
      for (Row row : rows) {
        logNow = row.getOffsetDateTime("log_now").toInstant();
        if (row.getLong("seq") != null) {
          entries.add(new Entry(row.getLong("seq"), row.getString("topic"), row.getString("key"), row.getOffsetDateTime("until").toInstant()));
        }
      }
      return new Read(entries, logNow);
    });
  }

  @Override
  public long purge(Instant cutoff) {
    return PgFailures.translate(() -> connections.pool().preparedQuery("DELETE FROM invalidations WHERE until < $1")
        .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).await().rowCount());
  }
}
