package dev.portcullis.application.secret;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.Vault;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SaveSecret.Save;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.in.Written;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaveSecretServiceTest {
  private static final String SENTINEL = "SENTINEL-SECRET-VALUE-4411";
  private final Vault vault = new Vault();

  private SecretOutcome<Written> save(RequestContext caller, TenantId tenant, String value, OptionalInt ifMatch) {
    return vault.save.save(caller, new Save(tenant, new SecretName("db/password"), SecretBytes.ofUtf8(value), "the db", Set.of("prod"), "admin", ifMatch));
  }

  @Test
  void each_save_adds_the_next_version_sealed_and_audited_and_every_version_stays_readable() {
    save(admin(), ACME, "v1", OptionalInt.empty());
    SecretOutcome<Written> second = save(admin(), ACME, SENTINEL, OptionalInt.empty());

    assertThat(second).isInstanceOfSatisfying(SecretOutcome.Ok.class, ok -> assertThat(((Written) ok.value()).record().currentVersion()).isEqualTo(2));
    assertThat(read(OptionalInt.of(1))).isEqualTo("v1");
    assertThat(read(OptionalInt.empty())).isEqualTo(SENTINEL);
    assertThat(vault.store.findVersion(ACME, new SecretName("db/password"), OptionalInt.of(2)).orElseThrow().version().sealed().toString())
        .doesNotContain(SENTINEL);
    assertThat(vault.platform.audit(ACME)).filteredOn(r -> r.event().action() == AuditAction.SECRET_WRITE).hasSize(2)
        .allSatisfy(r -> assertThat(r.event().toString()).doesNotContain(SENTINEL));
  }

  @Test
  void compare_and_set_a_stale_if_match_is_a_version_conflict_and_writes_nothing() {
    save(admin(), ACME, "v1", OptionalInt.empty());
    save(admin(), ACME, "v2", OptionalInt.of(1));

    assertThat(save(admin(), ACME, "lost update", OptionalInt.of(1))).isInstanceOfSatisfying(SecretOutcome.VersionConflict.class,
        conflict -> assertThat(conflict.currentVersion()).isEqualTo(2));
    assertThat(read(OptionalInt.empty())).isEqualTo("v2");
  }

  @Test
  void a_reader_or_another_tenant_cannot_write_and_the_refusal_is_audited() {
    assertThat(save(client(ACME, "secrets:read"), ACME, "x", OptionalInt.empty())).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(save(client(GLOBEX, "secrets:write"), ACME, "x", OptionalInt.empty())).isInstanceOf(SecretOutcome.Denied.class);

    assertThat(vault.store.find(ACME, new SecretName("db/password"))).isEmpty();
    assertThat(vault.platform.audited(ACME, AuditAction.SECRET_WRITE, AuditOutcome.DENIED)).isTrue();
    assertThat(vault.platform.audited(GLOBEX, AuditAction.SECRET_WRITE, AuditOutcome.DENIED)).as("kept in the caller's own chain").isTrue();
  }

  @Test
  void a_value_over_the_limit_is_refused() {
    assertThat(save(admin(), ACME, "x".repeat(SecretLimits.DEFAULTS.maxValueBytes() + 1), OptionalInt.empty())).isInstanceOf(SecretOutcome.TooLarge.class);
  }

  private String read(OptionalInt version) {
    return ((SecretOutcome.Ok<RevealedSecret>) vault.manage.read(admin(), ACME, new SecretName("db/password"), version)).value().value().revealUtf8();
  }
}
