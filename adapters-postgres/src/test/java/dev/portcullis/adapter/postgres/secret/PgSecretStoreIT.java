package dev.portcullis.adapter.postgres.secret;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.secret.port.out.SecretStoreContract;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PgSecretStoreIT implements SecretStoreContract {
  private final PgConnections connections = PgTestDatabase.connections();
  private final PgSecretStore store = new PgSecretStore(connections);

  @Override
  public SecretStore store() {
    return store;
  }

  @Test
  void row_level_security_hides_other_tenants_from_a_query_that_forgets_the_tenant_filter() {
    TenantId mine = tenant("mine");
    TenantId theirs = tenant("theirs");
    for (TenantId tenant : List.of(mine, theirs)) {
      store.write(tenant, new SecretName("k"), new SecretStore.NewVersion("", null, "t"), OptionalInt.empty(), Instant.now(),
          v -> new SealedValue(new byte[] {1}, new byte[] {2}, "k1"));
    }

    List<String> secretTenants = new ArrayList<>();
    List<String> versionTenants = new ArrayList<>();
    connections.inTenant(mine, sql -> {
      for (Row row : sql.query("SELECT tenant FROM secrets").execute().await()) { // no WHERE on purpose
        secretTenants.add(row.getString(0));
      }
      for (Row row : sql.query("SELECT tenant FROM secret_versions").execute().await()) {
        versionTenants.add(row.getString(0));
      }
      return null;
    });

    assertThat(secretTenants).containsOnly(mine.value()).isNotEmpty();
    assertThat(versionTenants).containsOnly(mine.value()).isNotEmpty();
  }

  @Test
  void row_level_security_rejects_writing_a_row_for_another_tenant() {
    TenantId mine = tenant("mine");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.inTenant(mine, sql -> sql.query(
            "INSERT INTO secrets (id, tenant, name, current_version, created_at, updated_at) VALUES (gen_random_uuid(), 'intruder', 'x', 0, now(), now())")
        .execute().await())).hasMessageContaining("row-level security");
  }

  @Test
  void a_purge_waits_while_a_transaction_holds_a_secret_by_id_so_its_name_cannot_pass_to_another_secret() throws Exception {
    TenantId tenant = tenant("held");
    SecretName name = new SecretName("k");
    String id = ((SecretStore.Write.Written) store.write(tenant, name, new SecretStore.NewVersion("", null, "t"), OptionalInt.empty(), Instant.now(),
        v -> new SealedValue(new byte[] {1}, new byte[] {2}, "k1"))).record().id();
    var transactions = new dev.portcullis.adapter.postgres.PgTransactions(connections);
    var held = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var holder = executor.submit(() -> transactions.inTransaction(() -> {
        assertThat(store.nameOf(tenant, id)).hasValue(name);
        held.countDown();
        await(release);
        return store.find(tenant, name).orElseThrow().id();
      }));
      held.await();
      var purge = executor.submit(() -> store.purge(tenant, name));
      Thread.sleep(300);
      assertThat(purge.isDone()).as("the purge waits for the by-id transaction").isFalse();
      release.countDown();
      assertThat(holder.get()).as("the held secret is still the one with this id").isEqualTo(id);
      assertThat(purge.get()).isTrue();
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
