package dev.portcullis.application.secret;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.Vault;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The vault's other operations: read, describe, versions, delete, restore, purge. */
class ManageSecretsServiceTest {
  private static final SecretName NAME = new SecretName("db/password");
  private final Vault vault = new Vault();

  @Test
  void a_read_reveals_the_value_and_is_audited_and_another_tenant_sees_nothing() {
    vault.aSecret(ACME, "db/password", "v1");

    assertThat(vault.manage.read(client(ACME, "secrets:read"), ACME, NAME, OptionalInt.empty())).isInstanceOf(SecretOutcome.Ok.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_READ, AuditOutcome.SUCCESS)).isTrue();
    assertThat(vault.manage.read(client(GLOBEX, "secrets:read"), GLOBEX, NAME, OptionalInt.empty())).isInstanceOf(SecretOutcome.NotFound.class);
    assertThat(vault.manage.read(client(GLOBEX, "secrets:read"), ACME, NAME, OptionalInt.empty())).isInstanceOf(SecretOutcome.Denied.class);
  }

  @Test
  void a_deleted_secret_cannot_be_read_until_restored_and_a_purge_removes_it_for_good() {
    vault.aSecret(ACME, "db/password", "v1");

    assertThat(vault.manage.delete(admin(), ACME, NAME)).isInstanceOf(SecretOutcome.Ok.class);
    assertThat(vault.manage.read(admin(), ACME, NAME, OptionalInt.empty())).isNotInstanceOf(SecretOutcome.Ok.class);
    assertThat(vault.manage.restore(admin(), ACME, NAME)).isInstanceOf(SecretOutcome.Ok.class);
    assertThat(vault.manage.read(admin(), ACME, NAME, OptionalInt.empty())).isInstanceOf(SecretOutcome.Ok.class);

    assertThat(vault.manage.purge(admin(), ACME, NAME)).isInstanceOf(SecretOutcome.Ok.class);
    assertThat(vault.manage.describe(admin(), ACME, NAME)).isInstanceOf(SecretOutcome.NotFound.class);
  }

  @Test
  void versions_are_listed_without_values() {
    vault.aSecret(ACME, "db/password", "SENTINEL-ONE");
    vault.aSecret(ACME, "db/password", "SENTINEL-TWO");

    var versions = ((SecretOutcome.Ok<java.util.List<dev.portcullis.application.secret.port.out.SecretStore.VersionInfo>>) vault.manage.versions(admin(), ACME,
        NAME)).value();

    assertThat(versions).hasSize(2);
    assertThat(versions.toString()).doesNotContain("SENTINEL");
  }
}
