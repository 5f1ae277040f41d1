package dev.portcullis.adapter.postgres.secret;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.secret.port.out.KekStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** KEKs (each encrypted by the root key) in {@code key_encryption_keys}, oldest first. */
public final class PgKekStore implements KekStore {
  private final PgConnections connections;

  @Inject
  public PgKekStore(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public List<StoredKek> all() {
    return PgFailures.translate(() -> {
      List<StoredKek> keks = new ArrayList<>();
      for (Row row : connections.client().query("SELECT id, wrapped_key, created_at FROM key_encryption_keys ORDER BY seq").execute().await()) {
        keks.add(new StoredKek(row.getString("id"), row.getBuffer("wrapped_key").getBytes(), row.getOffsetDateTime("created_at").toInstant()));
      }
      return keks;
    });
  }

  @Override
  public void rewrap(String id, byte[] wrappedKey) {
    PgFailures.translate(() -> connections.client().preparedQuery("UPDATE key_encryption_keys SET wrapped_key = $2 WHERE id = $1")
        .execute(Tuple.of(id, Buffer.buffer(wrappedKey))).await());
  }

  @Override
  public void add(StoredKek kek) {
    PgFailures.translate(() -> connections.client()
        .preparedQuery("INSERT INTO key_encryption_keys (id, wrapped_key, created_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(kek.id(), Buffer.buffer(kek.wrappedKey()), kek.createdAt().atOffset(ZoneOffset.UTC))).await());
  }
}
