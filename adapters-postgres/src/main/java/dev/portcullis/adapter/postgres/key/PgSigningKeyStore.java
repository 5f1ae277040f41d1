package dev.portcullis.adapter.postgres.key;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.key.SigningKey;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Platform signing keys (public side) in {@code signing_keys}; platform-wide, so no tenant scope. */
public final class PgSigningKeyStore implements SigningKeyStore {
  private final PgConnections connections;

  @Inject
  public PgSigningKeyStore(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public List<SigningKey> all() {
    return PgFailures.translate(() -> {
      List<SigningKey> keys = new ArrayList<>();
      for (Row row : connections.pool().query("SELECT kid, algorithm, public_jwk, created_at, active_from, retired_at FROM signing_keys ORDER BY created_at").execute().await()) {
        keys.add(new SigningKey(row.getString("kid"), SigningAlgorithm.valueOf(row.getString("algorithm")), row.getString("public_jwk"),
            row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("active_from").toInstant(),
            Optional.ofNullable(row.getOffsetDateTime("retired_at")).map(OffsetDateTime::toInstant)));
      }
      return keys;
    });
  }

  @Override
  public void add(SigningKey key) {
    PgFailures.translate(() -> connections.client().preparedQuery(
            "INSERT INTO signing_keys (kid, algorithm, public_jwk, created_at, active_from, retired_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(key.kid(), key.algorithm().name(), key.publicJwk(), utc(key.createdAt()), utc(key.activeFrom()),
            key.retiredAt().map(PgSigningKeyStore::utc).orElse(null))).await());
  }

  @Override
  public void retire(String kid, Instant retiredAt) {
    PgFailures.translate(() -> connections.client().preparedQuery("UPDATE signing_keys SET retired_at = $2 WHERE kid = $1 AND retired_at IS NULL")
        .execute(Tuple.of(kid, utc(retiredAt))).await());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
