package dev.portcullis.adapter.postgres.grant;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.domain.grant.ApprovedRegistration;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Registered clients in {@code oauth_clients}, one column per metadata field. */
public final class PgClientStore implements ClientStore {

  /** Named, not {@code *}: a cached statement must keep its result type when a migration adds a column (StatementCacheIT). */
  private static final String COLUMNS = "client_id, tenant, client_name, grant_types, response_types, redirect_uris, auth_method, jwks, jwks_uri, scope, "
      + "secret_hash, registration_token_hash, issued_at, approved_scope, approved_grant_types, approved_auth_method, approved_redirect_uris, approved_jwks_uri";
  private final PgConnections connections;

  @Inject
  public PgClientStore(PgConnections connections) {
    this.connections = connections;
  }

  @Override
  public void add(RegisteredClient client) {
    PgFailures.translate(() -> connections.client().preparedQuery("""
            INSERT INTO oauth_clients (client_id, tenant, client_name, grant_types, response_types, redirect_uris, auth_method, jwks, jwks_uri,
                                       scope, secret_hash, approved_scope, approved_grant_types, approved_auth_method, approved_redirect_uris,
                                       approved_jwks_uri, registration_token_hash, issued_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)""")
        .execute(values(client).addValue(Buffer.buffer(client.registrationTokenHash())).addValue(client.issuedAt().atOffset(ZoneOffset.UTC))).await());
  }

  @Override
  public Optional<RegisteredClient> find(String clientId) {
    return PgFailures.translate(() -> {
      RowSet<Row> rows = connections.client().preparedQuery("SELECT " + COLUMNS + " FROM oauth_clients WHERE client_id = $1").execute(Tuple.of(clientId)).await();
      return rows.size() == 0 ? Optional.empty() : Optional.of(client(rows.iterator().next()));
    });
  }

  @Override
  public boolean update(RegisteredClient client) {
    return PgFailures.translate(() -> connections.client().preparedQuery("""
            UPDATE oauth_clients SET tenant = $2, client_name = $3, grant_types = $4, response_types = $5, redirect_uris = $6, auth_method = $7,
                                     jwks = $8, jwks_uri = $9, scope = $10, secret_hash = $11, approved_scope = $12, approved_grant_types = $13,
                                     approved_auth_method = $14, approved_redirect_uris = $15, approved_jwks_uri = $16
            WHERE client_id = $1""")
        .execute(values(client)).await().rowCount() == 1);
  }

  @Override
  public boolean delete(String clientId) {
    return PgFailures.translate(() -> connections.client().preparedQuery("DELETE FROM oauth_clients WHERE client_id = $1")
        .execute(Tuple.of(clientId)).await().rowCount() == 1);
  }

  @Override
  public dev.portcullis.application.shared.Page<RegisteredClient> list(dev.portcullis.domain.shared.TenantId tenant, int page, int perPage) {
    dev.portcullis.application.shared.Page.check(page, perPage);
    return PgFailures.translate(() -> {
      long total = connections.client().preparedQuery("SELECT count(*) FROM oauth_clients WHERE tenant = $1").execute(Tuple.of(tenant.value())).await()
          .iterator().next().getLong(0);
      List<RegisteredClient> items = new java.util.ArrayList<>();
      for (Row row : connections.client().preparedQuery("SELECT " + COLUMNS + " FROM oauth_clients WHERE tenant = $1 ORDER BY issued_at DESC, client_id LIMIT $2 OFFSET $3")
          .execute(Tuple.of(tenant.value(), perPage, dev.portcullis.application.shared.Page.offset(page, perPage))).await()) {
        items.add(client(row));
      }
      return new dev.portcullis.application.shared.Page<>(items, page, perPage, total);
    });
  }

  @Override
  public boolean anyRedirectUriOn(String origin) {
    return PgFailures.translate(() -> connections.client().preparedQuery("""
            SELECT 1 FROM oauth_clients, unnest(redirect_uris) AS u WHERE u = $1 OR left(u, length($1) + 1) = $1 || '/' LIMIT 1""")
        .execute(Tuple.of(origin)).await().size() == 1);
  }

  private static Tuple values(RegisteredClient client) {
    ClientMetadata m = client.metadata();
    ApprovedRegistration a = client.approved();
    return Tuple.from(Arrays.asList(client.clientId(), m.tenant().value(), m.clientName(), m.grantTypes().toArray(String[]::new),
        m.responseTypes().toArray(String[]::new), m.redirectUris().stream().map(URI::toString).toArray(String[]::new), m.authMethod().wireName(),
        m.jwks().orElse(null), m.jwksUri().map(URI::toString).orElse(null), m.scope().stream().sorted().toArray(String[]::new),
        client.secretHash().map(Buffer::buffer).orElse(null), a.scope().stream().sorted().toArray(String[]::new),
        a.grantTypes().stream().sorted().toArray(String[]::new), a.authMethod().wireName(),
        a.redirectUris().stream().map(URI::toString).sorted().toArray(String[]::new), a.jwksUri().map(URI::toString).orElse(null)));
  }

  private static RegisteredClient client(Row row) {
    ClientMetadata metadata = new ClientMetadata(row.getString("client_name"), List.of(row.getArrayOfStrings("grant_types")),
        List.of(row.getArrayOfStrings("response_types")), Arrays.stream(row.getArrayOfStrings("redirect_uris")).map(URI::create).toList(),
        TokenEndpointAuthMethod.fromWireName(row.getString("auth_method")), Optional.ofNullable(row.getString("jwks")),
        Optional.ofNullable(row.getString("jwks_uri")).map(URI::create), Set.of(row.getArrayOfStrings("scope")), new TenantId(row.getString("tenant")));
    ApprovedRegistration approved = new ApprovedRegistration(Set.of(row.getArrayOfStrings("approved_scope")),
        Set.of(row.getArrayOfStrings("approved_grant_types")), TokenEndpointAuthMethod.fromWireName(row.getString("approved_auth_method")),
        Arrays.stream(row.getArrayOfStrings("approved_redirect_uris")).map(URI::create).collect(java.util.stream.Collectors.toSet()),
        Optional.ofNullable(row.getString("approved_jwks_uri")).map(URI::create));
    return new RegisteredClient(row.getString("client_id"), metadata, Optional.ofNullable(row.getBuffer("secret_hash")).map(Buffer::getBytes),
        row.getBuffer("registration_token_hash").getBytes(), row.getOffsetDateTime("issued_at").toInstant(), approved);
  }
}
