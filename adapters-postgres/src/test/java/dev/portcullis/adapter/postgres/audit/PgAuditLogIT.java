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
import java.util.List;
import org.junit.jupiter.api.Test;

class PgAuditLogIT implements AuditLogContract {
  private final PgConnections connections = PgTestDatabase.connections();
  private final PgAuditLog log = new PgAuditLog(connections);
  private final dev.portcullis.adapter.postgres.PgTransactions transactions = new dev.portcullis.adapter.postgres.PgTransactions(connections);

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

  /**
   * A crash between a change's commit and its link: the event is committed in audit_pending, nobody waits for it. The
   * tenant's next verification links it (as would its next audited event on any node, or the retention job).
   */
  @Test
  void an_event_committed_with_its_change_but_never_linked_is_linked_by_the_next_verification() {
    TenantId tenant = tenant("orphan");
    log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, T0));
    orphan(tenant, "SECRET_WRITE", "db/password@v2", "127.0.0.1", 7); // as the dead process's transaction left it

    assertThat(log.verify(tenant)).isEqualTo(new dev.portcullis.domain.audit.AuditChain.Verification(2, java.util.Optional.empty()));
    assertThat(records(tenant).get(0).event().requestId()).isEqualTo("req-dead");
    assertThat(records(tenant).get(0).event().at()).isEqualTo(T0.plusNanos(7));
    assertThat(pending(tenant)).isZero();
  }

  @Test
  void an_audit_query_after_a_crash_shows_the_event_of_a_committed_change() {
    TenantId tenant = tenant("orphan-query");
    orphan(tenant, "API_KEY_REVOKE", "k1", "", 0);

    assertThat(records(tenant)).extracting(r -> r.event().target()).containsExactly("k1");
    assertThat(pending(tenant)).isZero();
  }

  @Test
  void the_retention_run_links_what_every_tenant_left_pending() {
    TenantId tenant = tenant("orphan-prune");
    orphan(tenant, "SECRET_WRITE", "x", "", 0);

    log.prunable(T0.minusSeconds(86_400 * 365));

    assertThat(pending(tenant)).isZero();
    assertThat(records(tenant)).hasSize(1);
  }

  /**
   * One tenant, many concurrent changes: each commits its event with itself and none holds the chain head while it
   * commits; every event ends up linked exactly once, in one linear chain, before its caller returns.
   */
  @Test
  void concurrent_changes_of_one_tenant_each_have_their_event_linked_before_they_return() throws Exception {
    TenantId tenant = tenant("hot");
    int threads = 16;
    int each = 10;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger unlinkedAtReturn = new java.util.concurrent.atomic.AtomicInteger();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        String thread = "t" + t;
        done.add(executor.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            String request = thread + "-" + i;
            transactions.inTransaction(() -> {
              log.append(new dev.portcullis.domain.audit.AuditEvent(tenant, "admin", AuditAction.SECRET_WRITE, "s", dev.portcullis.domain.audit.AuditOutcome.SUCCESS,
                  request, "", T0));
              return null;
            });
            long linked = connections.pool().preparedQuery("SELECT count(*) FROM audit_log WHERE tenant = $1 AND request_id = $2")
                .execute(Tuple.of(tenant.value(), request)).await().iterator().next().getLong(0);
            if (linked != 1) {
              unlinkedAtReturn.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get();
      }
    }

    assertThat(unlinkedAtReturn).as("events not in the chain when their change returned").hasValue(0);
    assertThat(pending(tenant)).isZero();
    assertThat(log.verify(tenant)).isEqualTo(new dev.portcullis.domain.audit.AuditChain.Verification(threads * each, java.util.Optional.empty()));
  }

  /**
   * Two nodes (two logs, each linking its own queue across tenants) appending to the same tenants at once: a link locks
   * the heads of all its tenants in tenant order, so the two never deadlock, and every chain stays linear.
   */
  @Test
  void two_nodes_linking_overlapping_tenants_at_once_neither_deadlock_nor_fork_a_chain() throws Exception {
    PgAuditLog otherNode = new PgAuditLog(connections);
    List<TenantId> tenants = java.util.stream.IntStream.range(0, 6).mapToObj(i -> tenant("multi" + i)).toList();
    int threads = 24;
    int each = 10;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        PgAuditLog node = t % 2 == 0 ? log : otherNode;
        int first = t;
        done.add(executor.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            node.append(AuditLogContract.event(tenants.get((first + i) % tenants.size()), AuditAction.SECRET_READ, T0));
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    }

    long total = 0;
    for (TenantId tenant : tenants) {
      var verification = log.verify(tenant);
      assertThat(verification.valid()).isTrue();
      total += verification.checked();
    }
    assertThat(total).isEqualTo(threads * each);
  }

  @Test
  void a_rolled_back_change_leaves_no_event_pending() {
    TenantId tenant = tenant("rollback");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> transactions.inTransaction(() -> {
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_WRITE, T0));
      throw new IllegalStateException("the change failed");
    })).hasMessage("the change failed");

    assertThat(pending(tenant)).isZero();
    assertThat(log.verify(tenant).checked()).isZero();
  }

  /** An event as a dead process's transaction left it: committed in audit_pending, never linked. */
  private void orphan(TenantId tenant, String action, String target, String clientAddress, int nanos) {
    connections.pool().preparedQuery("INSERT INTO audit_pending (tenant, actor, action, target, outcome, request_id, client_address, at, at_nanos, subject, "
        + "detail) VALUES ($1, 'admin', $2, $3, 'SUCCESS', 'req-dead', $4, $5, $6, '', '')")
        .execute(Tuple.of(tenant.value(), action, target, clientAddress, T0.atOffset(java.time.ZoneOffset.UTC), nanos)).await();
  }

  private long pending(TenantId tenant) {
    return connections.pool().preparedQuery("SELECT count(*) FROM audit_pending WHERE tenant = $1").execute(Tuple.of(tenant.value())).await()
        .iterator().next().getLong(0);
  }
}
