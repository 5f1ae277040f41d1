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
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A secret addressed by its id gets exactly the by-name rules: the same permission, audit and compare-and-set. */
class ResolveSecretIdServiceTest {
  private final Vault vault = new Vault();

  private SecretOutcome<RevealedSecret> readById(RequestContext caller, String id) {
    return vault.byId.resolve(caller, ACME, id, AuditAction.SECRET_READ, name -> vault.manage.read(caller, ACME, name, OptionalInt.empty()));
  }

  @Test
  void the_id_a_save_returns_reads_the_secret() {
    String id = vault.aSecret(ACME, "db/password", "s3cret");

    var read = readById(client(ACME, "secrets:read"), id);

    assertThat(read).isInstanceOfSatisfying(SecretOutcome.Ok.class, ok -> {
      RevealedSecret revealed = (RevealedSecret) ok.value();
      assertThat(revealed.record().name()).isEqualTo(new SecretName("db/password"));
      assertThat(revealed.value().revealUtf8()).isEqualTo("s3cret");
    });
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_READ, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void another_tenant_or_a_caller_without_secret_permissions_learns_nothing_about_an_id() {
    String id = vault.aSecret(ACME, "db/password", "s3cret");

    assertThat(vault.byId.resolve(client(GLOBEX, "secrets:read"), GLOBEX, id, AuditAction.SECRET_READ, name -> vault.manage.describe(admin(), GLOBEX, name)))
        .as("the id is ACME's; in GLOBEX it does not exist").isInstanceOf(SecretOutcome.NotFound.class);
    assertThat(readById(client(GLOBEX, "secrets:read"), id)).as("GLOBEX's credential in ACME's path").isInstanceOf(SecretOutcome.Denied.class);
    assertThat(readById(client(ACME, "api-keys:read"), id)).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(readById(client(ACME, "api-keys:read"), "00000000-0000-4000-8000-000000000000"))
        .as("denied before the lookup: an unknown id looks the same").isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.byId.resolve(client(ACME, "api-keys:read"), ACME, id, AuditAction.SECRET_PURGE, name -> vault.manage.purge(admin(), ACME, name)))
        .isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_PURGE, AuditOutcome.DENIED)).as("recorded as what was attempted").isTrue();
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_READ, AuditOutcome.DENIED)).isTrue();
  }

  @Test
  void a_read_only_credential_finds_the_secret_but_the_write_is_still_denied_by_the_write_use_case() {
    String id = vault.aSecret(ACME, "db/password", "s3cret");
    RequestContext reader = client(ACME, "secrets:read");

    var delete = vault.byId.resolve(reader, ACME, id, AuditAction.SECRET_DELETE, name -> vault.manage.delete(reader, ACME, name));

    assertThat(delete).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_DELETE, AuditOutcome.DENIED)).isTrue();
    assertThat(readById(admin(), id)).isInstanceOf(SecretOutcome.Ok.class);
  }

  @Test
  void compare_and_set_by_id_is_the_by_name_rule() {
    String id = vault.aSecret(ACME, "db/password", "v1");
    vault.aSecret(ACME, "db/password", "v2");
    RequestContext writer = client(ACME, "secrets:write");

    var stale = vault.byId.resolve(writer, ACME, id, AuditAction.SECRET_UPDATE, name -> vault.manage.updateMetadata(writer, ACME, name, "d", Set.of(), OptionalInt.of(1)));
    var current = vault.byId.resolve(writer, ACME, id, AuditAction.SECRET_UPDATE, name -> vault.manage.updateMetadata(writer, ACME, name, "d", Set.of(), OptionalInt.of(2)));

    assertThat(stale).isEqualTo(new SecretOutcome.VersionConflict<>(2));
    assertThat(current).isInstanceOf(SecretOutcome.Ok.class);
  }

  @Test
  void a_deleted_secret_is_restored_by_id_and_a_purged_one_is_not_found_even_when_its_name_is_reused() {
    String id = vault.aSecret(ACME, "db/password", "v1");
    vault.manage.delete(admin(), ACME, new SecretName("db/password"));

    assertThat(vault.byId.resolve(admin(), ACME, id, AuditAction.SECRET_RESTORE, name -> vault.manage.restore(admin(), ACME, name))).isInstanceOf(SecretOutcome.Ok.class);

    vault.manage.purge(admin(), ACME, new SecretName("db/password"));
    vault.aSecret(ACME, "db/password", "someone else's");
    assertThat(readById(admin(), id)).isInstanceOf(SecretOutcome.NotFound.class);
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_READ, AuditOutcome.NOT_FOUND)).isTrue();
  }

  @Test
  void an_id_that_is_not_a_uuid_is_refused_before_any_lookup() {
    assertThatThrownBy(() -> readById(admin(), "db/password")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UUID");
    assertThatThrownBy(() -> readById(admin(), "' OR 1=1 --")).isInstanceOf(IllegalArgumentException.class);
  }
}
