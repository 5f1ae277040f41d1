package dev.portcullis.application.secret;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.fixtures.Vault;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.RootKeyStatus;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RootKeyRotationServiceTest {
  private final Vault vault = new Vault();

  @Test
  void a_rotation_makes_a_new_root_key_primary_wakes_the_rewrap_job_and_values_stay_readable_throughout() {
    vault.aSecret(ACME, "db/password", "s3cret-1");
    vault.aSecret(GLOBEX, "api/token", "s3cret-2");
    String before = vault.platform.envelope.primaryKekId();

    RootKeyStatus rotated = ((SecretOutcome.Ok<RootKeyStatus>) vault.rootKey.rotate(admin())).value();

    assertThat(rotated.primaryKekId()).isNotEqualTo(before);
    assertThat(rotated.total()).isEqualTo(2);
    assertThat(rotated.done()).isZero();
    assertThat(rotated.complete()).isFalse();
    assertThat(vault.rewrapJobWakeUps).isEqualTo(1);
    assertThat(value(ACME, "db/password")).as("an older root key keeps unwrapping").isEqualTo("s3cret-1");
    assertThat(vault.platform.audited(Auditor.SYSTEM, AuditAction.ROOT_KEY_ROTATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void rewrap_batches_move_every_version_to_the_primary_key_until_none_is_left() {
    vault.aSecret(ACME, "a", "one");
    vault.aSecret(ACME, "a", "two");
    vault.aSecret(ACME, "b", "three");
    vault.rootKey.rotate(admin());

    assertThat(vault.rootKey.rewrapBatch(2)).isEqualTo(2);
    assertThat(vault.rootKey.rewrapBatch(2)).isEqualTo(1);
    assertThat(vault.rootKey.rewrapBatch(2)).isZero();

    RootKeyStatus status = ((SecretOutcome.Ok<RootKeyStatus>) vault.rootKey.status(admin())).value();
    assertThat(status.complete()).isTrue();
    assertThat(status.versionsByKek()).containsOnlyKeys(status.primaryKekId());
    assertThat(value(ACME, "a")).isEqualTo("two");
    assertThat(value(ACME, "b")).isEqualTo("three");
  }

  @Test
  void only_the_administrator_rotates_or_reads_the_status_and_a_refused_rotation_is_audited() {
    String before = vault.platform.envelope.primaryKekId();

    assertThat(vault.rootKey.rotate(client(ACME, "secrets:write"))).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vault.rootKey.status(client(ACME, "secrets:read"))).isInstanceOf(SecretOutcome.Denied.class);

    assertThat(vault.platform.envelope.primaryKekId()).isEqualTo(before);
    assertThat(vault.rewrapJobWakeUps).isZero();
    assertThat(vault.platform.audit(ACME)).as("a refusal aimed at another tenant is kept in the caller's own chain")
        .anySatisfy(r -> {
          assertThat(r.event().action()).isEqualTo(AuditAction.ROOT_KEY_ROTATE);
          assertThat(r.event().outcome()).isEqualTo(AuditOutcome.DENIED);
          assertThat(r.event().detail()).contains("aimed at tenant system");
        });
  }

  private String value(dev.portcullis.domain.shared.TenantId tenant, String name) {
    return ((SecretOutcome.Ok<RevealedSecret>) vault.manage.read(admin(), tenant, new SecretName(name), OptionalInt.empty())).value().value().revealUtf8();
  }
}
