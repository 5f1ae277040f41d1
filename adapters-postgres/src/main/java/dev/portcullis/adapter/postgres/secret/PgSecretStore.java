package dev.portcullis.adapter.postgres.secret;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretMetadata;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.secret.SecretWrite;
import dev.portcullis.domain.secret.SecretVersion;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Secrets in Postgres. Tenant-scoped methods run through {@link PgConnections#inTenant}, so row-level
 * security applies on top of the explicit {@code WHERE tenant = ...}. A write locks the secret's row
 * ({@code SELECT ... FOR UPDATE}), so concurrent writers queue and get consecutive versions.
 */
public final class PgSecretStore implements SecretStore {
  private static final String SECRET_COLUMNS = "id, tenant, name, current_version, description, tags, created_by, created_at, updated_at, deleted_at";
  private final PgConnections connections;

  @Inject
  public PgSecretStore(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public Write write(TenantId tenant, SecretName name, NewVersion version, OptionalInt expectedVersion, Instant now, IntFunction<SealedValue> sealer) {
    return connections.inTenant(tenant, sql -> {
      // the insert (when there is no expectation) and the lock go out together: one round trip
      io.vertx.core.Future<RowSet<Row>> inserted = expectedVersion.isPresent() ? null : sql.preparedQuery("""
              INSERT INTO secrets (id, tenant, name, current_version, description, tags, created_by, created_at, updated_at)
              VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $7) ON CONFLICT (tenant, name) DO NOTHING""")
          .execute(Tuple.from(List.of(UUID.randomUUID(), tenant.value(), name.value(),
              nullToEmpty(version.description()), tags(version.tags()), version.createdBy(), utc(now))));
      io.vertx.core.Future<RowSet<Row>> lock = sql.preparedQuery("SELECT " + SECRET_COLUMNS + " FROM secrets WHERE tenant = $1 AND name = $2 FOR UPDATE")
          .execute(Tuple.of(tenant.value(), name.value()));
      boolean created = inserted != null && inserted.await().rowCount() == 1;
      Optional<SecretRecord> locked = one(lock.await());
      if (locked.isEmpty()) {
        return new Write.Missing(); // expected a version of nothing (without an expectation the row was inserted just above)
      }
      int next;
      switch (SecretWrite.decide(locked, expectedVersion)) { // a row just inserted holds version 0: the decision appends 1
        case SecretWrite.Missing missing -> {
          return new Write.Missing();
        }
        case SecretWrite.Deleted deleted -> {
          return new Write.Deleted();
        }
        case SecretWrite.Conflict conflict -> {
          return new Write.Conflict(conflict.currentVersion());
        }
        case SecretWrite.Append append -> next = append.version();
      }
      SecretRecord current = locked.orElseThrow();
      SealedValue sealed = sealer.apply(next);
      // the version and the pointer to it go out together (if the insert fails, the aborted transaction refuses the update)
      io.vertx.core.Future<RowSet<Row>> versioned = sql.preparedQuery("""
              INSERT INTO secret_versions (secret_id, tenant, version, ciphertext, wrapped_data_key, kek_id, created_at, created_by)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
          .execute(Tuple.from(List.of(UUID.fromString(current.id()), tenant.value(), next, Buffer.buffer(sealed.ciphertext()),
              Buffer.buffer(sealed.wrappedDataKey()), sealed.kekId(), utc(now), version.createdBy())));
      SecretMetadata metadata = created ? current.metadata() : SecretStore.merge(current.metadata(), version);
      io.vertx.core.Future<RowSet<Row>> pointed = sql.preparedQuery("UPDATE secrets SET current_version = $3, description = $4, tags = $5, updated_at = $6 "
              + "WHERE tenant = $1 AND name = $2 RETURNING " + SECRET_COLUMNS)
          .execute(Tuple.from(List.of(tenant.value(), name.value(), next, metadata.description(), tags(metadata.tags()), utc(now))));
      versioned.await();
      SecretRecord updated = one(pointed.await()).orElseThrow();
      return new Write.Written(updated, created);
    });
  }

  @Override
  public Optional<SecretRecord> find(TenantId tenant, SecretName name) {
    return one(connections.queryInTenant(tenant, "SELECT " + SECRET_COLUMNS + " FROM secrets WHERE tenant = $1 AND name = $2",
        Tuple.of(tenant.value(), name.value())));
  }

  @Override
  public Optional<SecretName> nameOf(TenantId tenant, String id) {
    // FOR KEY SHARE: a purge (DELETE) waits for the surrounding transaction; reads and version writes do not.
    return connections.inTenant(tenant, sql -> {
      RowSet<Row> rows = sql.preparedQuery("SELECT name FROM secrets WHERE tenant = $1 AND id = $2 FOR KEY SHARE")
          .execute(Tuple.of(tenant.value(), UUID.fromString(id))).await();
      return rows.size() == 0 ? Optional.empty() : Optional.of(new SecretName(rows.iterator().next().getString("name")));
    });
  }

  @Override
  public Optional<SecretVersion> version(TenantId tenant, SecretName name, int version) {
    return connections.inTenant(tenant, sql -> {
      RowSet<Row> rows = sql.preparedQuery("""
              SELECT v.version, v.ciphertext, v.wrapped_data_key, v.kek_id, v.created_at, v.created_by
              FROM secret_versions v JOIN secrets s ON s.id = v.secret_id
              WHERE s.tenant = $1 AND s.name = $2 AND v.version = $3""")
          .execute(Tuple.of(tenant.value(), name.value(), version)).await();
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new SecretVersion(row.getInteger("version"), sealed(row), row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by")));
    });
  }

  @Override
  public Optional<Found> findVersion(TenantId tenant, SecretName name, OptionalInt version) {
    RowSet<Row> rows = connections.queryInTenant(tenant, "SELECT s.id, s.tenant, s.name, s.current_version, s.description, s.tags, s.created_by, "
            + "s.created_at, s.updated_at, s.deleted_at, v.version, v.ciphertext, v.wrapped_data_key, v.kek_id, v.created_at AS version_created_at, "
            + "v.created_by AS version_created_by FROM secrets s JOIN secret_versions v ON v.secret_id = s.id "
            + "WHERE s.tenant = $1 AND s.name = $2 AND s.deleted_at IS NULL AND v.version = COALESCE($3, s.current_version)",
        Tuple.of(tenant.value(), name.value(), version.isPresent() ? version.getAsInt() : null));
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new Found(record(row), new SecretVersion(row.getInteger("version"), sealed(row),
        row.getOffsetDateTime("version_created_at").toInstant(), row.getString("version_created_by"))));
  }

  @Override
  public List<VersionInfo> versions(TenantId tenant, SecretName name) {
    return connections.inTenant(tenant, sql -> {
      List<VersionInfo> versions = new ArrayList<>();
      for (Row row : sql.preparedQuery("""
              SELECT v.version, v.created_at, v.created_by FROM secret_versions v JOIN secrets s ON s.id = v.secret_id
              WHERE s.tenant = $1 AND s.name = $2 ORDER BY v.version""")
          .execute(Tuple.of(tenant.value(), name.value())).await()) {
        versions.add(new VersionInfo(row.getInteger("version"), row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by")));
      }
      return versions;
    });
  }

  @Override
  public Update updateMetadata(TenantId tenant, SecretName name, String description, Set<String> tags, OptionalInt expectedVersion, Instant now) {
    return connections.inTenant(tenant, sql -> {
      Optional<SecretRecord> locked = one(sql.preparedQuery("SELECT " + SECRET_COLUMNS + " FROM secrets WHERE tenant = $1 AND name = $2 AND deleted_at IS NULL FOR UPDATE")
          .execute(Tuple.of(tenant.value(), name.value())).await());
      if (locked.isEmpty()) {
        return new Update.Missing();
      }
      if (expectedVersion.isPresent() && expectedVersion.getAsInt() != locked.get().currentVersion()) {
        return new Update.Conflict(locked.get().currentVersion());
      }
      SecretMetadata metadata = locked.get().metadata().with(description, tags);
      return new Update.Updated(one(sql.preparedQuery("UPDATE secrets SET description = $3, tags = $4, updated_at = $5 WHERE tenant = $1 AND name = $2 RETURNING " + SECRET_COLUMNS)
          .execute(Tuple.from(List.of(tenant.value(), name.value(), metadata.description(), tags(metadata.tags()), utc(now)))).await()).orElseThrow());
    });
  }

  @Override
  public Optional<SecretRecord> softDelete(TenantId tenant, SecretName name, Instant now) {
    return connections.inTenant(tenant, sql -> one(sql.preparedQuery("UPDATE secrets SET deleted_at = $3, updated_at = $3 "
            + "WHERE tenant = $1 AND name = $2 AND deleted_at IS NULL RETURNING " + SECRET_COLUMNS)
        .execute(Tuple.of(tenant.value(), name.value(), utc(now))).await()));
  }

  @Override
  public Optional<SecretRecord> restore(TenantId tenant, SecretName name, Instant now) {
    return connections.inTenant(tenant, sql -> one(sql.preparedQuery("UPDATE secrets SET deleted_at = NULL, updated_at = $3 "
            + "WHERE tenant = $1 AND name = $2 AND deleted_at IS NOT NULL RETURNING " + SECRET_COLUMNS)
        .execute(Tuple.of(tenant.value(), name.value(), utc(now))).await()));
  }

  @Override
  public boolean purge(TenantId tenant, SecretName name) {
    return connections.inTenant(tenant, sql -> sql.preparedQuery("DELETE FROM secrets WHERE tenant = $1 AND name = $2")
        .execute(Tuple.of(tenant.value(), name.value())).await().rowCount() == 1);
  }

  @Override
  public Page<SecretRecord> search(TenantId tenant, SecretQuery query) {
    return connections.inTenant(tenant, sql -> {
      String where = " FROM secrets WHERE tenant = $1 AND deleted_at IS NULL"
          + " AND ($2::text IS NULL OR name LIKE $2 || '%')"
          + " AND ($3::text IS NULL OR lower(name) LIKE '%' || lower($3) || '%')"
          + " AND ($4::text IS NULL OR tags @> ARRAY[$4::text])";
      Tuple filters = Tuple.of(tenant.value(), likeLiteral(query.prefix()), likeLiteral(query.search()), query.tag());
      long total = sql.preparedQuery("SELECT count(*)" + where).execute(filters).await().iterator().next().getLong(0);
      List<SecretRecord> items = new ArrayList<>();
      Tuple paged = Tuple.of(tenant.value(), likeLiteral(query.prefix()), likeLiteral(query.search()), query.tag(), query.perPage(), Page.offset(query.page(), query.perPage()));
      for (Row row : sql.preparedQuery("SELECT " + SECRET_COLUMNS + where + " ORDER BY name COLLATE \"C\" LIMIT $5 OFFSET $6").execute(paged).await()) {
        items.add(record(row));
      }
      return new Page<>(items, query.page(), query.perPage(), total);
    });
  }

  // --- system operations: run as the owner, across tenants ---

  @Override
  public List<Wrapped> wrappedWithOtherThan(String kekId, int limit) {
    return PgFailures.translate(() -> {
      List<Wrapped> found = new ArrayList<>();
      for (Row row : connections.pool().preparedQuery("""
              SELECT s.tenant, s.name, v.version, v.ciphertext, v.wrapped_data_key, v.kek_id
              FROM secret_versions v JOIN secrets s ON s.id = v.secret_id WHERE v.kek_id <> $1 LIMIT $2""")
          .execute(Tuple.of(kekId, limit)).await()) {
        found.add(new Wrapped(new TenantId(row.getString("tenant")), new SecretName(row.getString("name")), row.getInteger("version"), sealed(row)));
      }
      return found;
    });
  }

  @Override
  public boolean replaceWrapping(Wrapped current, SealedValue rewrapped) {
    return PgFailures.translate(() -> connections.pool().preparedQuery("""
            UPDATE secret_versions v SET wrapped_data_key = $1, kek_id = $2
            FROM secrets s WHERE s.id = v.secret_id AND s.tenant = $3 AND s.name = $4 AND v.version = $5 AND v.kek_id = $6""")
        .execute(Tuple.from(List.of(Buffer.buffer(rewrapped.wrappedDataKey()), rewrapped.kekId(), current.tenant().value(),
            current.name().value(), current.version(), current.sealed().kekId()))).await().rowCount() == 1);
  }

  @Override
  public Map<String, Long> countByKek() {
    return PgFailures.translate(() -> {
      Map<String, Long> counts = new TreeMap<>();
      for (Row row : connections.pool().query("SELECT kek_id, count(*) FROM secret_versions GROUP BY kek_id").execute().await()) {
        counts.put(row.getString(0), row.getLong(1));
      }
      return counts;
    });
  }

  @Override
  public int purgeDeletedBefore(Instant cutoff) {
    return PgFailures.translate(() -> connections.pool().preparedQuery("DELETE FROM secrets WHERE deleted_at < $1")
        .execute(Tuple.of(utc(cutoff))).await().rowCount());
  }

  private static Optional<SecretRecord> one(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(record(rows.iterator().next()));
  }

  private static SecretRecord record(Row row) {
    OffsetDateTime deletedAt = row.getOffsetDateTime("deleted_at");
    return new SecretRecord(row.getUUID("id").toString(), new TenantId(row.getString("tenant")), new SecretName(row.getString("name")),
        row.getInteger("current_version"),
        new SecretMetadata(row.getString("description"), new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("tags"))), row.getString("created_by")),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
        Optional.ofNullable(deletedAt).map(OffsetDateTime::toInstant));
  }

  private static SealedValue sealed(Row row) {
    return new SealedValue(row.getBuffer("ciphertext").getBytes(), row.getBuffer("wrapped_data_key").getBytes(), row.getString("kek_id"));
  }

  private static String[] tags(Set<String> tags) {
    return tags == null ? new String[0] : tags.toArray(String[]::new);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** User input inside LIKE: escape the wildcards so they match literally (default escape is backslash). */
  private static String likeLiteral(String text) {
    return text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

}
