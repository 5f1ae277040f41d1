package dev.portcullis.adapter.memory;

import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.grant.InMemoryReplayGuard;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.audit.port.out.AuditLogContract;
import dev.portcullis.application.secret.EnforceRetention;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The retention job's use case on the in-memory twins, with a clock moved by hand. */
class EnforceRetentionTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemorySecretStore store = new InMemorySecretStore();
  private final EnforceRetention retention = new EnforceRetention(new dev.portcullis.application.audit.PruneAuditService(audit, new dev.portcullis.application.audit.Auditor(audit, clock), clock), store, clock, Duration.ofDays(365), Duration.ofDays(30));
  private final TenantId acme = new TenantId("acme");

  @Test
  void prunes_audit_records_past_retention_and_purges_expired_soft_deletes_only() {
    audit.append(AuditLogContract.event(acme, AuditAction.SECRET_READ, clock.instant()));
    store.write(acme, new SecretName("old"), new SecretStore.NewVersion("", null, "t"), OptionalInt.empty(), clock.instant(), v -> new SealedValue(new byte[] {1}, new byte[] {1}, "k"));
    store.write(acme, new SecretName("kept"), new SecretStore.NewVersion("", null, "t"), OptionalInt.empty(), clock.instant(), v -> new SealedValue(new byte[] {1}, new byte[] {1}, "k"));
    store.softDelete(acme, new SecretName("old"), clock.instant());
    clock.advance(Duration.ofDays(400));
    audit.append(AuditLogContract.event(acme, AuditAction.SECRET_READ, clock.instant()));
    store.softDelete(acme, new SecretName("kept"), clock.instant());

    InMemoryReplayGuard replay = new InMemoryReplayGuard();
    replay.firstUse("old-jti", clock.instant().minusSeconds(1), clock.instant().minusSeconds(300));
    retention.alsoDaily(() -> replay.purgeExpired(clock.instant()));

    EnforceRetention.Result result = retention.run();

    assertThat(result).isEqualTo(new EnforceRetention.Result(1, 1));
    assertThat(store.find(acme, new SecretName("old"))).isEmpty();
    assertThat(store.find(acme, new SecretName("kept"))).isPresent();
    var left = audit.query(acme, new AuditLog.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 10));
    assertThat(left.items()).extracting(r -> r.event().action()).as("the recent record and the prune's checkpoint")
        .containsExactly(AuditAction.AUDIT_PRUNE, AuditAction.SECRET_READ);
    assertThat(left.items().get(0).event().actor()).isEqualTo("retention-job");
    assertThat(audit.verify(acme).valid()).isTrue();
    assertThat(replay.purgeExpired(clock.instant())).as("already purged by the run").isZero();
  }
}
