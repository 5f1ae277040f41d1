package dev.portcullis.adapter.postgres.connection;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.domain.connection.AssertionKey;
import dev.portcullis.domain.connection.ClientAuthMethod;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Providers in Postgres; {@code UNIQUE (tenant, name)} decides name clashes. Sealed values in three columns each. */
public final class PgProviderStore implements ProviderStore {
  private static final String COLUMNS = "id, tenant, name, issuer, has_endpoints, authorization_endpoint, token_endpoint, revocation_endpoint, "
      + "userinfo_endpoint, device_endpoint, jwks_uri, client_id, auth_method, secret_ciphertext, secret_wrapped_key, secret_kek, assertion_kid, "
      + "assertion_alg, assertion_public_jwk, assertion_ciphertext, assertion_wrapped_key, assertion_kek, scopes, grant_types, return_urls, "
      + "created_at, updated_at, refresh_buffer_seconds";
  private final PgConnections connections;

  @Inject
  public PgProviderStore(PgConnections connections) {
    this.connections = connections;
  }

  private RowSet<Row> run(String sql, Tuple parameters) {
    return PgFailures.translate(() -> connections.client().preparedQuery(sql).execute(parameters).await());
  }

  private static boolean uniqueViolation(RuntimeException e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  @Override
  public boolean add(Provider provider) {
    try {
      run("INSERT INTO connection_providers (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
          + "$20, $21, $22, $23, $24, $25, $26, $27, $28)", Tuple.from(values(provider)));
      return true;
    } catch (RuntimeException e) {
      if (uniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean update(Provider provider) {
    try {
      return run("UPDATE connection_providers SET (" + COLUMNS + ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
          + "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28) WHERE id = $1", Tuple.from(values(provider))).rowCount() == 1;
    } catch (RuntimeException e) {
      if (uniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  private static List<Object> values(Provider p) {
    Optional<ProviderEndpoints> e = p.endpoints();
    Optional<SealedValue> secret = p.clientSecret();
    Optional<AssertionKey> key = p.assertionKey();
    return new ArrayList<>(Arrays.asList(p.id(), p.tenant().value(), p.name(), p.issuer().map(URI::toString).orElse(null), e.isPresent(),
        e.flatMap(ProviderEndpoints::authorization).map(URI::toString).orElse(null), e.map(ProviderEndpoints::token).map(URI::toString).orElse(null),
        e.flatMap(ProviderEndpoints::revocation).map(URI::toString).orElse(null), e.flatMap(ProviderEndpoints::userinfo).map(URI::toString).orElse(null),
        e.flatMap(ProviderEndpoints::deviceAuthorization).map(URI::toString).orElse(null), e.flatMap(ProviderEndpoints::jwks).map(URI::toString).orElse(null),
        p.clientId(), p.authMethod().wireName(), secret.map(s -> Buffer.buffer(s.ciphertext())).orElse(null),
        secret.map(s -> Buffer.buffer(s.wrappedDataKey())).orElse(null), secret.map(SealedValue::kekId).orElse(null), key.map(AssertionKey::keyId).orElse(null),
        key.map(AssertionKey::algorithm).orElse(null), key.map(AssertionKey::publicJwk).orElse(null),
        key.map(k -> Buffer.buffer(k.privateJwk().ciphertext())).orElse(null), key.map(k -> Buffer.buffer(k.privateJwk().wrappedDataKey())).orElse(null),
        key.map(k -> k.privateJwk().kekId()).orElse(null), p.scopes().toArray(String[]::new), p.grantTypes().stream().sorted().toArray(String[]::new),
        p.returnUrls().stream().map(URI::toString).toArray(String[]::new), p.createdAt().atOffset(ZoneOffset.UTC),
        p.updatedAt().atOffset(ZoneOffset.UTC), p.refreshBuffer().map(b -> (int) b.toSeconds()).orElse(null)));
  }

  @Override
  public Optional<Provider> find(String providerId) {
    return StreamSupport.stream(run("SELECT " + COLUMNS + " FROM connection_providers WHERE id = $1", Tuple.of(providerId)).spliterator(), false)
        .findFirst().map(PgProviderStore::provider);
  }

  @Override
  public List<Provider> list(TenantId tenant, Optional<String> after, int limit) {
    RowSet<Row> rows = connections.inTenant(tenant, sql -> sql.preparedQuery( // row-level security: only this tenant's rows
        "SELECT " + COLUMNS + " FROM connection_providers WHERE tenant = $1 AND id > $2 ORDER BY id LIMIT $3")
        .execute(Tuple.of(tenant.value(), after.orElse(""), limit)).await());
    return StreamSupport.stream(rows.spliterator(), false).map(PgProviderStore::provider).toList();
  }

  @Override
  public List<Provider> allTenants(Optional<String> after, int limit) {
    return StreamSupport.stream(run("SELECT " + COLUMNS + " FROM connection_providers WHERE id > $1 ORDER BY id LIMIT $2",
        Tuple.of(after.orElse(""), limit)).spliterator(), false).map(PgProviderStore::provider).toList();
  }

  @Override
  public boolean delete(String providerId) {
    return run("DELETE FROM connection_providers WHERE id = $1", Tuple.of(providerId)).rowCount() == 1;
  }

  private static Optional<URI> uri(Row row, String column) {
    return Optional.ofNullable(row.getString(column)).map(URI::create);
  }

  static Optional<SealedValue> sealed(Row row, String prefix) {
    Buffer ciphertext = row.getBuffer(prefix + "_ciphertext");
    return ciphertext == null ? Optional.empty()
        : Optional.of(new SealedValue(ciphertext.getBytes(), row.getBuffer(prefix + "_wrapped_key").getBytes(), row.getString(prefix + "_kek")));
  }

  private static Provider provider(Row row) {
    Optional<ProviderEndpoints> endpoints = row.getBoolean("has_endpoints") ? Optional.of(new ProviderEndpoints(uri(row, "authorization_endpoint"),
        URI.create(row.getString("token_endpoint")), uri(row, "revocation_endpoint"), uri(row, "userinfo_endpoint"), uri(row, "device_endpoint"),
        uri(row, "jwks_uri"))) : Optional.empty();
    Optional<AssertionKey> key = sealed(row, "assertion").map(privateJwk -> new AssertionKey(row.getString("assertion_kid"), row.getString("assertion_alg"),
        row.getString("assertion_public_jwk"), privateJwk));
    return new Provider(row.getString("id"), new TenantId(row.getString("tenant")), row.getString("name"), uri(row, "issuer"), endpoints,
        row.getString("client_id"), ClientAuthMethod.fromWireName(row.getString("auth_method")).orElseThrow(), sealed(row, "secret"), key,
        List.of(row.getArrayOfStrings("scopes")), Set.of(row.getArrayOfStrings("grant_types")),
        Arrays.stream(row.getArrayOfStrings("return_urls")).map(URI::create).toList(),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
        Optional.ofNullable(row.getInteger("refresh_buffer_seconds")).map(java.time.Duration::ofSeconds));
  }
}
