package dev.portcullis.adapter.postgres.grant;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The replay guard on Postgres: one statement claims the key, or reclaims it if the stored use has
 * expired; the primary key makes concurrent claims serialize, so exactly one returns a row.
 */
public final class PgReplayGuard implements ReplayGuard {
  private final PgConnections connections;

  @Inject
  public PgReplayGuard(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public boolean firstUse(String key, Instant expiresAt, Instant now) {
    return PgFailures.translate(() -> connections.client().preparedQuery("""
            INSERT INTO replay_guard (key, expires_at) VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE replay_guard.expires_at <= $3
            RETURNING key""")
        .execute(Tuple.of(key, expiresAt.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))).await().rowCount() == 1);
  }

  @Override
  public long purgeExpired(Instant now) {
    return PgFailures.translate(() -> (long) connections.client().preparedQuery("DELETE FROM replay_guard WHERE expires_at <= $1")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).await().rowCount());
  }
}
