package dev.portcullis.adapter.memory;

import dev.portcullis.adapter.memory.apikey.InMemoryApiKeyStore;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.TransactionsContract;

class InMemoryTransactionsTest implements TransactionsContract {
  private final InMemoryTransactions transactions = new InMemoryTransactions();
  private final InMemoryAuditLog auditLog = new InMemoryAuditLog();
  private final InMemoryApiKeyStore apiKeys = new InMemoryApiKeyStore();

  @Override
  public Transactions transactions() {
    return transactions;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  @Test
  void a_failed_unit_of_work_takes_back_a_secret_version_its_metadata_and_a_soft_delete() {
    InMemorySecretStore secrets = new InMemorySecretStore();
    TenantId tenant = new TenantId("acme");
    SecretName name = new SecretName("db/password");
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    secrets.write(tenant, name, new SecretStore.NewVersion("first", Set.of("a"), "admin"), OptionalInt.empty(), t0, v -> sealed());

    assertThatThrownBy(() -> transactions.inTransaction(() -> {
      secrets.write(tenant, name, new SecretStore.NewVersion("second", Set.of("b"), "admin"), OptionalInt.of(1), t0.plusSeconds(1), v -> sealed());
      secrets.softDelete(tenant, name, t0.plusSeconds(2));
      throw new IllegalStateException("the audit record could not be written");
    })).isInstanceOf(IllegalStateException.class);

    SecretRecord record = secrets.find(tenant, name).orElseThrow();
    assertThat(record.currentVersion()).isEqualTo(1);
    assertThat(record.metadata().description()).isEqualTo("first");
    assertThat(record.deletedAt()).isEmpty();
    assertThat(record.updatedAt()).isEqualTo(t0);
  }

  @Test
  void a_failed_unit_of_work_takes_back_a_secret_it_created_and_one_it_purged() {
    InMemorySecretStore secrets = new InMemorySecretStore();
    TenantId tenant = new TenantId("acme");
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    secrets.write(tenant, new SecretName("kept"), new SecretStore.NewVersion("", Set.of(), "admin"), OptionalInt.empty(), t0, v -> sealed());

    assertThatThrownBy(() -> transactions.inTransaction(() -> {
      secrets.write(tenant, new SecretName("new"), new SecretStore.NewVersion("", Set.of(), "admin"), OptionalInt.empty(), t0, v -> sealed());
      secrets.purge(tenant, new SecretName("kept"));
      throw new IllegalStateException("no");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(secrets.find(tenant, new SecretName("new"))).isEmpty();
    assertThat(secrets.find(tenant, new SecretName("kept"))).isPresent();
  }

  private static SealedValue sealed() {
    return new SealedValue(new byte[] {1}, new byte[] {2}, "kek-1");
  }
}
