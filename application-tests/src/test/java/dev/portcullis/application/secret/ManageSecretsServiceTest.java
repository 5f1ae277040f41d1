package dev.portcullis.application.secret;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.fixtures.Vault;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import java.util.OptionalInt;
import java.util.Set;
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

  @Test
  void a_metadata_update_is_compare_and_set_against_the_current_version_and_changes_no_value() {
    vault.aSecret(ACME, "db/password", "v1");
    vault.aSecret(ACME, "db/password", "v2");

    assertThat(vault.manage.updateMetadata(admin(), ACME, NAME, "stale", Set.of("x"), OptionalInt.of(1))).isEqualTo(new SecretOutcome.VersionConflict<>(2));
    assertThat(vault.manage.updateMetadata(admin(), ACME, NAME, "primary db", Set.of("prod"), OptionalInt.of(2))).isInstanceOf(SecretOutcome.Ok.class);

    assertThat(((SecretOutcome.Ok<SecretRecord>) vault.manage.describe(admin(), ACME, NAME)).value().metadata().description()).isEqualTo("primary db");
    assertThat(((SecretOutcome.Ok<RevealedSecret>) vault.manage.read(admin(), ACME, NAME, OptionalInt.empty())).value().value().revealUtf8()).isEqualTo("v2");
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_UPDATE, AuditOutcome.CONFLICT)).isTrue();
  }

  @Test
  void invalid_metadata_is_refused_before_anything_is_stored_and_the_attempt_is_audited() {
    vault.aSecret(ACME, "db/password", "v1");

    assertThatThrownBy(() -> vault.manage.updateMetadata(admin(), ACME, NAME, "x".repeat(100_000), Set.of(), OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_UPDATE, AuditOutcome.INVALID)).isTrue();
  }

  @Test
  void read_only_and_other_tenant_credentials_cannot_change_delete_or_purge_and_only_the_administrator_purges() {
    vault.aSecret(ACME, "db/password", "v1");
    var reader = client(ACME, "secrets:read");
    var writer = client(ACME, "secrets:write", "secrets:read");

    assertThat(vault.manage.updateMetadata(reader, ACME, NAME, "d", Set.of(), OptionalInt.empty())).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.manage.delete(reader, ACME, NAME)).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.manage.delete(client(GLOBEX, "secrets:write"), ACME, NAME)).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.manage.purge(writer, ACME, NAME)).as("purging is the administrator's").isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_PURGE, AuditOutcome.DENIED)).isTrue();
    assertThat(vault.manage.read(admin(), ACME, NAME, OptionalInt.empty())).isInstanceOf(SecretOutcome.Ok.class);
  }

  @Test
  void search_finds_by_prefix_and_tag_within_the_tenant_only_and_is_audited() {
    vault.aSecret(ACME, "db/password", "v1");
    vault.aSecret(ACME, "db/replica", "v1");
    vault.aSecret(ACME, "mail/token", "v1");
    vault.aSecret(GLOBEX, "db/password", "v1");

    var page = ((SecretOutcome.Ok<Page<SecretRecord>>) vault.manage.search(client(ACME, "secrets:read"), ACME, new SecretStore.SecretQuery(null, "db/", null, 1,
        10))).value();

    assertThat(page.items()).extracting(r -> r.name().value()).containsExactlyInAnyOrder("db/password", "db/replica");
    assertThat(vault.manage.search(client(ACME, "api-keys:read"), ACME, new SecretStore.SecretQuery(null, null, null, 1, 10)))
        .isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_LIST, AuditOutcome.SUCCESS)).isTrue();
  }
}
