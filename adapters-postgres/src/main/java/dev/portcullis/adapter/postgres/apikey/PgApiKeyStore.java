package dev.portcullis.adapter.postgres.apikey;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** API keys in {@code api_keys}; {@link #touch} writes a whole batch of last-used instants in one statement. */
public final class PgApiKeyStore implements ApiKeyStore {

  /** Named, not {@code *}: a cached statement must keep its result type when a migration adds a column (StatementCacheIT). */
  private static final String COLUMNS = "key_id, tenant, name, scopes, subject, email, display_name, tags, allowed_origins, expires_at, created_at, "
      + "last_used_at, revoked_at, secret_hash, prefix, fingerprint, rotated_to";
  private final PgConnections connections;

  @Inject
  public PgApiKeyStore(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public void add(ApiKey key) {
    PgFailures.translate(() -> connections.client().preparedQuery("""
            INSERT INTO api_keys (key_id, tenant, name, scopes, subject, email, display_name, tags, allowed_origins, expires_at, created_at,
                                  last_used_at, revoked_at, secret_hash, prefix, fingerprint, rotated_to)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""").execute(values(key)).await());
  }

  @Override
  public Optional<ApiKey> find(String keyId) {
    return PgFailures.translate(() -> {
      var rows = connections.client().preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_id = $1").execute(Tuple.of(keyId)).await();
      return rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next()));
    });
  }

  @Override
  public List<ApiKey> list(TenantId tenant, Optional<String> afterId, int limit) {
    return connections.inTenant(tenant, sql -> { // row-level security: only this tenant's rows, whatever the WHERE says
      var rows = sql.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE tenant = $1 AND key_id > $2 ORDER BY key_id LIMIT $3")
          .execute(Tuple.of(tenant.value(), afterId.orElse(""), limit)).await();
      return java.util.stream.StreamSupport.stream(rows.spliterator(), false).map(PgApiKeyStore::key).toList();
    });
  }

  @Override
  public boolean update(ApiKey key) {
    return PgFailures.translate(() -> connections.client().preparedQuery("""
            UPDATE api_keys SET tenant = $2, name = $3, scopes = $4, subject = $5, email = $6, display_name = $7, tags = $8, allowed_origins = $9,
                                expires_at = $10, created_at = $11, last_used_at = GREATEST(last_used_at, $12), revoked_at = $13, secret_hash = $14,
                                prefix = $15, fingerprint = $16, rotated_to = $17
            WHERE key_id = $1""").execute(values(key)).await().rowCount() == 1);
  }

  @Override
  public java.util.Set<String> idsWithoutChecksum() {
    return PgFailures.translate(() -> {
      java.util.Set<String> ids = new java.util.HashSet<>();
      connections.client().query("SELECT id FROM api_keys_without_checksum").execute().await().forEach(row -> ids.add(row.getString("id")));
      return ids;
    });
  }

  @Override
  public void touch(Map<String, Instant> lastUsed) {
    if (lastUsed.isEmpty()) {
      return;
    }
    String[] ids = lastUsed.keySet().toArray(String[]::new);
    OffsetDateTime[] instants = Arrays.stream(ids).map(id -> lastUsed.get(id).atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
    PgFailures.translate(() -> connections.client().preparedQuery("""
            UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.at)
            FROM unnest($1::text[], $2::timestamptz[]) AS u(id, at) WHERE k.key_id = u.id""").execute(Tuple.tuple().addArrayOfString(ids).addArrayOfOffsetDateTime(instants)).await());
  }

  private static Tuple values(ApiKey key) {
    ApiKeyIdentity identity = key.identity();
    return Tuple.from(Arrays.asList(key.id(), key.tenant().value(), key.name(), key.scopes().stream().sorted().toArray(String[]::new),
        identity.subject(), identity.email().orElse(null), identity.displayName().orElse(null), identity.tags().toArray(String[]::new),
        key.allowedOrigins().toArray(String[]::new), utc(key.expiresAt()), key.createdAt().atOffset(ZoneOffset.UTC), utc(key.lastUsedAt()),
        utc(key.revokedAt()), Buffer.buffer(key.secretHash()), key.prefix(), key.fingerprint(), key.rotatedTo().orElse(null)));
  }

  private static OffsetDateTime utc(Optional<Instant> instant) {
    return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
  }

  private static Optional<Instant> instant(Row row, String column) {
    return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
  }

  private static ApiKey key(Row row) {
    ApiKeyIdentity identity = new ApiKeyIdentity(row.getString("subject"), Optional.ofNullable(row.getString("email")),
        Optional.ofNullable(row.getString("display_name")), List.of(row.getArrayOfStrings("tags")));
    return new ApiKey(row.getString("key_id"), new TenantId(row.getString("tenant")), row.getString("name"), Set.of(row.getArrayOfStrings("scopes")),
        identity, List.of(row.getArrayOfStrings("allowed_origins")), instant(row, "expires_at"), row.getOffsetDateTime("created_at").toInstant(),
        instant(row, "last_used_at"), instant(row, "revoked_at"), row.getBuffer("secret_hash").getBytes(), row.getString("prefix"),
        row.getString("fingerprint"), Optional.ofNullable(row.getString("rotated_to")));
  }
}
