package dev.portcullis.adapter.postgres.audit;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.audit.port.out.AuditLogContract;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PgAuditLogIT implements AuditLogContract {
  private final PgConnections connections = PgTestDatabase.connections();
  private final PgAuditLog log = new PgAuditLog(connections);

  @Override
  public AuditLog log() {
    return log;
  }

  @Test
  void editing_a_stored_record_is_detected_by_verify() {
    TenantId tenant = tenant("tamper");
    for (int i = 0; i < 3; i++) {
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, Instant.parse("2026-11-23T10:00:00Z")));
    }

    connections.pool().preparedQuery("UPDATE audit_log SET actor = 'someone-else' WHERE tenant = $1 AND sequence = 2")
        .execute(Tuple.of(tenant.value())).await(); // as the owner: what an attacker with DB access could do

    assertThat(log.verify(tenant).firstBrokenSequence()).hasValue(2L);
  }

  @Test
  void deleting_a_stored_record_is_detected_by_verify() {
    TenantId tenant = tenant("gone");
    for (int i = 0; i < 3; i++) {
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, Instant.parse("2026-11-23T10:00:00Z")));
    }

    connections.pool().preparedQuery("DELETE FROM audit_log WHERE tenant = $1 AND sequence = 2").execute(Tuple.of(tenant.value())).await();

    assertThat(log.verify(tenant).valid()).isFalse();
  }

  /** A prune that commits while a verification walks the chain is not a break: the walk goes on from the new anchor. */
  @Test
  void a_verification_racing_a_prune_never_reports_the_pruned_records_as_a_broken_chain() throws Exception {
    java.util.List<AuditLog.Pruned> pruned = new java.util.ArrayList<>();
    java.util.List<dev.portcullis.domain.audit.AuditChain.Verification> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    Instant old = T0.minusSeconds(86_400);
    for (int round = 0; round < 3; round++) {
      TenantId tenant = tenant("race");
      for (int i = 0; i < 1_500; i++) {
        log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, old.plusMillis(i)));
      }
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, T0));
      java.util.concurrent.atomic.AtomicBoolean pruning = new java.util.concurrent.atomic.AtomicBoolean(true);
      try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        var verifier = executor.submit(() -> {
          do {
            results.add(log.verify(tenant));
          } while (pruning.get());
          return null;
        });
        Thread.sleep(15);
        pruned.addAll(log.deleteOlderThan(T0.minusSeconds(3_600)));
        pruning.set(false);
        verifier.get();
      }
      assertThat(log.verify(tenant)).isEqualTo(new dev.portcullis.domain.audit.AuditChain.Verification(1, java.util.Optional.empty()));
    }
    assertThat(results).isNotEmpty().allSatisfy(v -> assertThat(v.valid()).as("checked " + v.checked()).isTrue());
  }
}
