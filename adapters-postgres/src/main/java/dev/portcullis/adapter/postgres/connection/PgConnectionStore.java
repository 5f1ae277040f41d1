package dev.portcullis.adapter.postgres.connection;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.DevicePoll;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Connections in Postgres. Single use and exclusivity are one statement each: {@code DELETE … RETURNING}
 * for a pending authorization, a conditional {@code UPDATE … RETURNING} for the refresh lease.
 */
public final class PgConnectionStore implements ConnectionStore {
  private static final String COLUMNS = "id, tenant, provider_id, grant_type, subject, status, tokens_ciphertext, tokens_wrapped_key, tokens_kek, "
      + "access_expires_at, scope, device_ciphertext, device_wrapped_key, device_kek, device_interval_s, device_next_poll_at, device_expires_at, created_at, "
      + "updated_at";
  private final PgConnections connections;

  @Inject
  public PgConnectionStore(PgConnections connections) {
    this.connections = connections;
  }

  private RowSet<Row> run(String sql, Tuple parameters) {
    return PgFailures.translate(() -> connections.client().preparedQuery(sql).execute(parameters).await());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public void add(Connection connection) {
    run("INSERT INTO connections (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        Tuple.from(values(connection)));
  }

  @Override
  public boolean update(Connection connection) {
    return run("UPDATE connections SET (" + COLUMNS + ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) "
        + "WHERE id = $1", Tuple.from(values(connection))).rowCount() == 1;
  }

  private static List<Object> values(Connection c) {
    Optional<SealedValue> tokens = c.tokens();
    Optional<DevicePoll> device = c.device();
    return new ArrayList<>(Arrays.asList(c.id(), c.tenant().value(), c.providerId(), c.grantType(), c.subject().orElse(null), c.status().wireName(),
        tokens.map(t -> Buffer.buffer(t.ciphertext())).orElse(null), tokens.map(t -> Buffer.buffer(t.wrappedDataKey())).orElse(null),
        tokens.map(SealedValue::kekId).orElse(null), utc(c.accessExpiresAt().orElse(null)), c.scope().stream().sorted().toArray(String[]::new),
        device.map(d -> Buffer.buffer(d.deviceCode().ciphertext())).orElse(null), device.map(d -> Buffer.buffer(d.deviceCode().wrappedDataKey())).orElse(null),
        device.map(d -> d.deviceCode().kekId()).orElse(null), device.map(d -> d.interval().toSeconds()).orElse(null),
        utc(device.map(DevicePoll::nextPollAt).orElse(null)), utc(device.map(DevicePoll::expiresAt).orElse(null)), utc(c.createdAt()), utc(c.updatedAt())));
  }

  @Override
  public Optional<Connection> find(String connectionId) {
    return StreamSupport.stream(run("SELECT " + COLUMNS + " FROM connections WHERE id = $1", Tuple.of(connectionId)).spliterator(), false).findFirst()
        .map(PgConnectionStore::connection);
  }

  @Override
  public List<Connection> allTenants(Optional<String> after, int limit) {
    return StreamSupport.stream(run("SELECT " + COLUMNS + " FROM connections WHERE id > $1 ORDER BY id LIMIT $2", Tuple.of(after.orElse(""), limit))
        .spliterator(), false).map(PgConnectionStore::connection).toList();
  }

  @Override
  public List<Connection> list(TenantId tenant, Optional<String> providerId, Optional<String> after, int limit) {
    RowSet<Row> rows = connections.inTenant(tenant, sql -> sql.preparedQuery( // row-level security: only this tenant's rows
        "SELECT " + COLUMNS + " FROM connections WHERE tenant = $1 AND ($2::text IS NULL OR provider_id = $2) AND id > $3 ORDER BY id LIMIT $4")
        .execute(Tuple.of(tenant.value(), providerId.orElse(null), after.orElse(""), limit)).await());
    return StreamSupport.stream(rows.spliterator(), false).map(PgConnectionStore::connection).toList();
  }

  @Override
  public boolean delete(String connectionId) {
    return run("DELETE FROM connections WHERE id = $1", Tuple.of(connectionId)).rowCount() == 1;
  }

  @Override
  public boolean savePending(PendingAuthorization pending, int cap, Instant now) {
    SealedValue secrets = pending.secrets();
    return run("""
        INSERT INTO connection_pending (state_hash, tenant, provider_id, secrets_ciphertext, secrets_wrapped_key, secrets_kek, return_url, scope, expires_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
        WHERE (SELECT count(*) FROM connection_pending WHERE expires_at > $10) < $11""",
        Tuple.from(Arrays.asList(Buffer.buffer(pending.stateHash()), pending.tenant().value(), pending.providerId(), Buffer.buffer(secrets.ciphertext()),
            Buffer.buffer(secrets.wrappedDataKey()), secrets.kekId(), pending.returnUrl().toString(), pending.scope().stream().sorted().toArray(String[]::new),
            utc(pending.expiresAt()), utc(now), cap))).rowCount() == 1;
  }

  @Override
  public Optional<PendingAuthorization> takePending(byte[] stateHash, Instant now) {
    RowSet<Row> rows = run("DELETE FROM connection_pending WHERE state_hash = $1 "
        + "RETURNING state_hash, tenant, provider_id, secrets_ciphertext, secrets_wrapped_key, secrets_kek, return_url, scope, expires_at", Tuple.of(Buffer.buffer(stateHash)));
    return StreamSupport.stream(rows.spliterator(), false).findFirst().map(row -> new PendingAuthorization(row.getBuffer("state_hash").getBytes(),
        new TenantId(row.getString("tenant")), row.getString("provider_id"), PgProviderStore.sealed(row, "secrets").orElseThrow(),
        URI.create(row.getString("return_url")), Set.of(row.getArrayOfStrings("scope")), row.getOffsetDateTime("expires_at").toInstant()))
        .filter(p -> p.expiresAt().isAfter(now));
  }

  @Override
  public boolean lease(String connectionId, Instant until, Instant now) {
    return run("UPDATE connections SET lease_until = $2 WHERE id = $1 AND (lease_until IS NULL OR lease_until <= $3) RETURNING id",
        Tuple.of(connectionId, utc(until), utc(now))).size() == 1;
  }

  @Override
  public void release(String connectionId) {
    run("UPDATE connections SET lease_until = NULL WHERE id = $1", Tuple.of(connectionId));
  }

  @Override
  public List<Connection> dueDevicePolls(Instant now, int limit) {
    return StreamSupport.stream(run("SELECT " + COLUMNS + " FROM connections WHERE status = 'pending' AND device_next_poll_at <= $1 "
        + "ORDER BY device_next_poll_at LIMIT $2", Tuple.of(utc(now), limit)).spliterator(), false).map(PgConnectionStore::connection).toList();
  }

  @Override
  public long purgeExpired(Instant now) {
    return run("DELETE FROM connection_pending WHERE expires_at <= $1", Tuple.of(utc(now))).rowCount();
  }

  private static Connection connection(Row row) {
    Optional<DevicePoll> device = PgProviderStore.sealed(row, "device").map(code -> new DevicePoll(code, Duration.ofSeconds(row.getLong("device_interval_s")),
        row.getOffsetDateTime("device_next_poll_at").toInstant(), row.getOffsetDateTime("device_expires_at").toInstant()));
    return new Connection(row.getString("id"), new TenantId(row.getString("tenant")), row.getString("provider_id"), row.getString("grant_type"),
        Optional.ofNullable(row.getString("subject")), Connection.Status.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
        PgProviderStore.sealed(row, "tokens"), Optional.ofNullable(row.getOffsetDateTime("access_expires_at")).map(OffsetDateTime::toInstant),
        Set.of(row.getArrayOfStrings("scope")), device, row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
