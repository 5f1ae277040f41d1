package dev.portcullis.application.audit;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.fixtures.Vault;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link dev.portcullis.application.audit.port.in.QueryAudit} and {@link dev.portcullis.application.audit.port.in.VerifyAuditChain}. */
class ReadAuditServiceTest {
  private final Vault vault = new Vault();
  private final ReadAuditService audit = new ReadAuditService(vault.platform.auditLog, vault.platform.auditor);

  private static AuditQuery writes() {
    return new AuditQuery(Optional.of(AuditAction.SECRET_WRITE), Optional.empty(), Optional.empty(), 1, 10);
  }

  @Test
  void the_administrator_pages_through_a_tenants_records_newest_first_filtered_by_action() {
    vault.aSecret(ACME, "one", "v");
    vault.aSecret(ACME, "two", "v");
    vault.aSecret(GLOBEX, "other", "v");

    Page<AuditRecord> page = ((AuditAccess.Granted<Page<AuditRecord>>) audit.query(admin(), ACME, writes())).value();

    assertThat(page.items()).extracting(r -> r.event().target()).containsExactly("two@v1", "one@v1");
    assertThat(page.total()).isEqualTo(2);
  }

  @Test
  void the_chain_verifies_end_to_end() {
    vault.aSecret(ACME, "one", "v");
    vault.aSecret(ACME, "one", "w");

    AuditChain.Verification verification = ((AuditAccess.Granted<AuditChain.Verification>) audit.verify(admin(), ACME)).value();

    assertThat(verification.firstBrokenSequence()).isEmpty();
    assertThat(verification.checked()).isEqualTo(2);
  }

  @Test
  void a_tenant_credential_reads_no_audit_log_and_the_refusal_is_itself_audited() {
    vault.aSecret(ACME, "one", "v");

    assertThat(audit.query(client(ACME, "secrets:read", "secrets:write"), ACME, writes())).isInstanceOf(AuditAccess.Denied.class);
    assertThat(audit.verify(client(ACME, "secrets:read"), ACME)).isInstanceOf(AuditAccess.Denied.class);

    assertThat(vault.platform.audited(ACME, AuditAction.AUDIT_READ, AuditOutcome.DENIED)).isTrue();
    assertThat(vault.platform.audited(ACME, AuditAction.AUDIT_VERIFY, AuditOutcome.DENIED)).isTrue();
  }
}
