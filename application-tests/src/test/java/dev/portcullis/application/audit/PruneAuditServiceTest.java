package dev.portcullis.application.audit;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.application.audit.port.in.PruneAudit;
import dev.portcullis.application.fixtures.Platform;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.application.shared.RequestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Audit retention on demand: dry run by default, a checkpoint per shortened chain, the administrator's only. */
class PruneAuditServiceTest {
  private final Platform platform = new Platform();
  private final PruneAuditService prune = new PruneAuditService(platform.auditLog, platform.auditor, platform.clock);

  private void history() {
    for (int i = 0; i < 3; i++) {
      platform.auditor.record("tester", ACME, AuditAction.SECRET_READ, "k", AuditOutcome.SUCCESS, "");
    }
    platform.auditor.record("tester", GLOBEX, AuditAction.SECRET_READ, "k", AuditOutcome.SUCCESS, "");
    platform.clock.advance(Duration.ofDays(40));
    platform.auditor.record("tester", ACME, AuditAction.SECRET_READ, "recent", AuditOutcome.SUCCESS, "");
  }

  private PruneAudit.Result granted(AuditAccess<PruneAudit.Result> access) {
    return ((AuditAccess.Granted<PruneAudit.Result>) access).value();
  }

  @Test
  void a_dry_run_says_what_would_go_per_tenant_and_removes_nothing() {
    history();

    PruneAudit.Result result = granted(prune.prune(admin(), 30, true));

    assertThat(result.dryRun()).isTrue();
    assertThat(result.records()).isEqualTo(4);
    assertThat(result.tenants()).extracting(p -> p.tenant().value(), p -> p.records()).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("acme", 3L), org.assertj.core.groups.Tuple.tuple("globex", 1L));
    assertThat(platform.audit(ACME)).hasSize(4);
  }

  @Test
  void a_prune_removes_old_records_leaves_a_checkpoint_naming_the_new_anchor_and_every_chain_still_verifies() {
    history();
    String lastRemovedHash = platform.audit(ACME).get(1).hash();

    PruneAudit.Result result = granted(prune.prune(admin(), 30, false));

    assertThat(result.records()).isEqualTo(4);
    var acme = platform.audit(ACME);
    assertThat(acme).extracting(r -> r.event().action()).containsExactly(AuditAction.AUDIT_PRUNE, AuditAction.SECRET_READ);
    assertThat(acme.get(0).event().detail()).isEqualTo("3 records removed through sequence 3; chain anchored at hash " + lastRemovedHash);
    assertThat(acme.get(0).event().actor()).isEqualTo("admin");
    assertThat(platform.auditLog.verify(ACME).valid()).isTrue();
    assertThat(platform.auditLog.verify(GLOBEX).valid()).isTrue();
    assertThat(granted(prune.prune(admin(), 30, false)).records()).as("nothing old is left").isZero();
  }

  @Test
  void a_tenant_credential_even_one_administering_its_own_tenant_cannot_prune_and_the_attempt_is_audited() {
    history();
    RequestContext everything = client(ACME, "secrets:read", "secrets:write", "api-keys:write", "connections:write");

    assertThat(prune.prune(everything, 30, false)).isInstanceOf(AuditAccess.Denied.class);
    assertThat(prune.prune(everything, 30, true)).as("not even a dry run").isInstanceOf(AuditAccess.Denied.class);
    assertThat(platform.audit(ACME)).filteredOn(r -> r.event().action() == AuditAction.SECRET_READ).as("nothing removed").hasSize(4);
    assertThat(platform.audit(ACME)).filteredOn(r -> r.event().action() == AuditAction.AUDIT_PRUNE)
        .as("denials are chained in the caller's own tenant").hasSize(2).allSatisfy(r -> {
          assertThat(r.event().outcome()).isEqualTo(AuditOutcome.DENIED);
          assertThat(r.event().detail()).contains("aimed at tenant system");
        });
  }

  @Test
  void an_age_under_thirty_days_or_over_a_hundred_years_is_refused_so_a_stolen_admin_token_cannot_wipe_the_recent_trail() {
    history();
    assertThatThrownBy(() -> prune.prune(admin(), 29, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 30 to 36500");
    assertThatThrownBy(() -> prune.prune(admin(), 1, false)).isInstanceOf(IllegalArgumentException.class);
    assertThat(platform.audit(ACME)).filteredOn(r -> r.event().action() == AuditAction.SECRET_READ).hasSize(4);
    assertThatThrownBy(() -> prune.prune(admin(), 0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prune.prune(admin(), -5, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prune.prune(admin(), 36_501, true)).isInstanceOf(IllegalArgumentException.class);
  }
}
