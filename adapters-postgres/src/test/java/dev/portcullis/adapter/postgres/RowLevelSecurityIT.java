package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every table with a tenant column is under row-level security, and a tenant-scoped statement sees only its tenant's rows. */
class RowLevelSecurityIT {
  private final PgConnections connections = PgTestDatabase.connections();

  @Test
  void every_tenant_owned_table_is_under_row_level_security_with_the_tenant_policy() {
    List<String> tenantTables = new ArrayList<>();
    for (Row row : connections.pool().query("""
            SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attname = 'tenant' AND NOT a.attisdropped""").execute().await()) {
      tenantTables.add(row.getString(0));
    }
    List<String> protectedTables = new ArrayList<>();
    for (Row row : connections.pool().query("""
            SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid
            WHERE c.relrowsecurity AND p.polname = 'tenant_isolation'""").execute().await()) {
      protectedTables.add(row.getString(0));
    }

    assertThat(tenantTables).contains("secrets", "api_keys", "oauth_clients", "connection_providers", "connections", "sessions");
    assertThat(protectedTables).containsAll(tenantTables);
  }

  @Test
  void a_tenant_scoped_statement_that_forgets_its_where_clause_still_sees_only_its_tenant() {
    String a = "rls-a-" + Long.toHexString(System.nanoTime());
    String b = "rls-b-" + Long.toHexString(System.nanoTime());
    pendingConnections(a, b, b);

    long seenByA = connections.inTenant(new TenantId(a), sql -> sql.query("SELECT count(*) FROM connection_pending").execute().await().iterator().next().getLong(0));
    long seenByB = connections.inTenant(new TenantId(b), sql -> sql.query("SELECT count(*) FROM connection_pending").execute().await().iterator().next().getLong(0));

    long seenByAInAUnitOfWork = new PgTransactions(connections).inTransaction(() -> connections.inTenant(new TenantId(a),
        sql -> sql.query("SELECT count(*) FROM connection_pending").execute().await().iterator().next().getLong(0)));

    assertThat(seenByA).isEqualTo(1);
    assertThat(seenByB).isEqualTo(2);
    assertThat(seenByAInAUnitOfWork).as("the scope sent ahead of the first statement, unawaited, still applies to it").isEqualTo(1);
  }

  @Test
  void a_tenant_scoped_statement_can_add_audit_events_but_neither_read_nor_remove_them_before_they_are_chained() {
    TenantId tenant = new TenantId("rls-ap-" + Long.toHexString(System.nanoTime()));
    new PgTransactions(connections).inTransaction(() -> connections.inTenant(tenant, sql -> sql.preparedQuery("INSERT INTO audit_pending (tenant, actor, action, "
        + "target, outcome, request_id, client_address, at, at_nanos, subject, detail) VALUES ($1, 'x', 'SECRET_WRITE', 't', 'SUCCESS', '', '', now(), 0, '', '')")
        .execute(io.vertx.sqlclient.Tuple.of(tenant.value())).await()));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.queryInTenant(tenant, "DELETE FROM audit_pending WHERE tenant = $1",
        io.vertx.sqlclient.Tuple.of(tenant.value()))).hasMessageContaining("permission denied");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.queryInTenant(tenant, "SELECT count(*) FROM audit_pending WHERE tenant = $1",
        io.vertx.sqlclient.Tuple.of(tenant.value()))).hasMessageContaining("permission denied");
    assertThat(connections.pool().preparedQuery("SELECT count(*) FROM audit_pending WHERE tenant = $1").execute(io.vertx.sqlclient.Tuple.of(tenant.value()))
        .await().iterator().next().getLong(0)).isEqualTo(1);
    connections.pool().preparedQuery("DELETE FROM audit_pending WHERE tenant = $1").execute(io.vertx.sqlclient.Tuple.of(tenant.value())).await();
  }

  /** The one-round-trip path (BEGIN, scope, statement, COMMIT sent together) scopes as strictly, and leaves nothing behind. */
  @Test
  void a_pipelined_tenant_read_sees_only_its_tenant_and_hands_back_a_connection_without_the_tenant_role() {
    String a = "rls-pa-" + Long.toHexString(System.nanoTime());
    String b = "rls-pb-" + Long.toHexString(System.nanoTime());
    pendingConnections(a, b, b);

    long seenByA = connections.queryInTenant(new TenantId(a), "SELECT count(*) FROM connection_pending WHERE $1::text IS NOT NULL", io.vertx.sqlclient.Tuple.of("x"))
        .iterator().next().getLong(0);
    long seenByB = connections.queryInTenant(new TenantId(b), "SELECT count(*) FROM connection_pending WHERE $1::text IS NOT NULL", io.vertx.sqlclient.Tuple.of("x"))
        .iterator().next().getLong(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.queryInTenant(new TenantId(a), "SELECT 1 / $1::int", io.vertx.sqlclient.Tuple.of(0)))
        .isInstanceOf(io.vertx.pgclient.PgException.class);
    connections.queryInTenant(new TenantId(a), "SELECT $1::int", io.vertx.sqlclient.Tuple.of(1)); // the failure above left no aborted transaction behind

    assertThat(seenByA).isEqualTo(1);
    assertThat(seenByB).isEqualTo(2);
    for (int i = 0; i < 20; i++) { // every pooled connection: back to the owner, outside any transaction
      Row state = connections.pool().query("SELECT current_user = session_user, now() = statement_timestamp() OR pg_current_xact_id_if_assigned() IS NULL, "
          + "coalesce(current_setting('portcullis.tenant', true), '')").execute().await().iterator().next();
      assertThat(state.getBoolean(0)).isTrue();
      assertThat(state.getString(2)).isEmpty();
    }
  }

  /** One pending connection per tenant named, written as the owner (row-level security does not apply). */
  private void pendingConnections(String... tenants) {
    for (String tenant : tenants) {
      connections.pool().preparedQuery("""
              INSERT INTO connection_pending (state_hash, tenant, provider_id, secrets_ciphertext, secrets_wrapped_key, secrets_kek, return_url, scope, expires_at)
              VALUES (decode(md5(random()::text || clock_timestamp()::text), 'hex'), $1, 'prv_x', '\\x00', '\\x00', 'k', '', '{}', now() + interval '1 hour')""")
          .execute(io.vertx.sqlclient.Tuple.of(tenant)).await();
    }
  }
}
