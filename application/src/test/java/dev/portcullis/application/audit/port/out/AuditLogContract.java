package dev.portcullis.application.audit.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do. Each test uses tenants of its own. */
public interface AuditLogContract {
  AuditLog log();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  default TenantId tenant(String label) {
    return new TenantId(label + "-" + Long.toHexString(System.nanoTime()));
  }

  /** The tenant's records, newest first. */
  default List<AuditRecord> records(TenantId tenant) {
    return log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, Page.MAX_PER_PAGE)).items();
  }

  static AuditEvent event(TenantId tenant, AuditAction action, Instant at) {
    return new AuditEvent(tenant, "admin", action, "db/password", AuditOutcome.SUCCESS, "req-1", "127.0.0.1", at);
  }

  @Test
  default void appends_form_a_verifiable_chain_per_tenant() {
    TenantId a = tenant("a");
    TenantId b = tenant("b");

    log().append(event(a, AuditAction.SECRET_WRITE, T0));
    log().append(event(b, AuditAction.SECRET_WRITE, T0));
    log().append(event(a, AuditAction.SECRET_READ, T0.plusSeconds(1)));
    AuditRecord first = records(a).get(1);
    AuditRecord second = records(a).get(0);

    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.previousHash()).isEqualTo(first.hash());
    assertThat(log().verify(a)).isEqualTo(new AuditChain.Verification(2, Optional.empty()));
    assertThat(log().verify(b).checked()).isEqualTo(1);
  }

  @Test
  default void the_subject_and_detail_beside_the_actor_round_trip_and_are_covered_by_the_hash() {
    TenantId tenant = tenant("who");
    AuditEvent event = new AuditEvent(tenant, "api-key:0123456789abcdef", AuditAction.SECRET_READ, "db/password", AuditOutcome.DENIED, "req-2", "10.0.0.1",
        T0, "alice", "aimed at tenant other");

    log().append(event);

    AuditRecord read = log().query(tenant, new AuditLog.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 10)).items().get(0);
    assertThat(read.event()).isEqualTo(event);
    assertThat(read.hash()).isEqualTo(AuditChain.hash(1, AuditChain.GENESIS, event))
        .isNotEqualTo(AuditChain.hash(1, AuditChain.GENESIS, new AuditEvent(tenant, "api-key:0123456789abcdef", AuditAction.SECRET_READ, "db/password",
            AuditOutcome.DENIED, "req-2", "10.0.0.1", T0, "admin", "aimed at tenant other")));
    assertThat(log().verify(tenant).valid()).isTrue();
  }

  @Test
  default void parallel_appends_never_fork_the_chain() throws Exception {
    TenantId tenant = tenant("race");
    int threads = 8;
    int each = 15;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<?>> done = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            log().append(event(tenant, AuditAction.SECRET_READ, T0));
          }
          return null;
        }));
      }
    }
    for (Future<?> f : done) {
      f.get();
    }

    AuditChain.Verification verification = log().verify(tenant);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.checked()).isEqualTo(threads * each);
  }

  @Test
  default void query_filters_by_action_and_time_and_pages_newest_first() {
    TenantId tenant = tenant("q");
    for (int i = 0; i < 5; i++) {
      log().append(event(tenant, AuditAction.SECRET_READ, T0.plusSeconds(i)));
    }
    log().append(event(tenant, AuditAction.SECRET_DELETE, T0.plusSeconds(10)));

    Page<AuditRecord> reads = log().query(tenant, new AuditQuery(Optional.of(AuditAction.SECRET_READ), Optional.empty(), Optional.empty(), 1, 2));
    Page<AuditRecord> window = log().query(tenant, new AuditQuery(Optional.empty(), Optional.of(T0.plusSeconds(3)), Optional.of(T0.plusSeconds(10)), 1, 100));

    assertThat(reads.total()).isEqualTo(5);
    assertThat(reads.items()).extracting(AuditRecord::sequence).containsExactly(5L, 4L);
    assertThat(window.items()).extracting(r -> r.event().action()).containsExactly(AuditAction.SECRET_DELETE, AuditAction.SECRET_READ, AuditAction.SECRET_READ);
    assertThat(window.items().get(0).event()).isEqualTo(event(tenant, AuditAction.SECRET_DELETE, T0.plusSeconds(10)));
  }

  @Test
  default void query_filters_by_actor_and_outcome_together_with_the_other_filters() {
    TenantId tenant = tenant("qa");
    log().append(event(tenant, AuditAction.SECRET_READ, T0));
    log().append(new AuditEvent(tenant, "client:ci", AuditAction.SECRET_READ, "db/password", AuditOutcome.DENIED, "req-2", "127.0.0.1", T0.plusSeconds(1)));
    log().append(new AuditEvent(tenant, "client:ci", AuditAction.SECRET_WRITE, "db/password", AuditOutcome.SUCCESS, "req-3", "127.0.0.1", T0.plusSeconds(2)));

    Page<AuditRecord> byActor = log().query(tenant, new AuditQuery(Optional.empty(), Optional.of("client:ci"), Optional.empty(), Optional.empty(), Optional.empty(), 1, 10));
    Page<AuditRecord> denied = log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.of(AuditOutcome.DENIED), Optional.empty(), Optional.empty(), 1, 10));
    Page<AuditRecord> all = log().query(tenant, new AuditQuery(Optional.of(AuditAction.SECRET_READ), Optional.of("client:ci"), Optional.of(AuditOutcome.SUCCESS),
        Optional.empty(), Optional.empty(), 1, 10));

    assertThat(byActor.items()).extracting(AuditRecord::sequence).containsExactly(3L, 2L);
    assertThat(byActor.total()).isEqualTo(2);
    assertThat(denied.items()).extracting(r -> r.event().requestId()).containsExactly("req-2");
    assertThat(all.items()).as("every filter applies").isEmpty();
  }

  @Test
  default void a_page_far_past_the_end_is_empty_even_at_the_largest_page_number() {
    TenantId tenant = tenant("far");
    log().append(event(tenant, AuditAction.SECRET_READ, T0));

    Page<AuditRecord> last = log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE, Page.MAX_PER_PAGE));
    Page<AuditRecord> wrapping = log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE / 2 + 2, 2));

    assertThat(last.items()).isEmpty();
    assertThat(last.total()).isEqualTo(1);
    assertThat(last.page()).isEqualTo(Integer.MAX_VALUE);
    assertThat(wrapping.items()).isEmpty();
    assertThat(wrapping.total()).isEqualTo(1);
  }

  @Test
  default void pruning_old_records_keeps_the_rest_verifiable_and_the_sequence_going() {
    TenantId tenant = tenant("prune");
    for (int i = 0; i < 4; i++) {
      log().append(event(tenant, AuditAction.SECRET_READ, T0.minusSeconds(1000 - i)));
    }
    log().append(event(tenant, AuditAction.SECRET_READ, T0));

    List<AuditLog.Pruned> wouldGo = log().prunable(T0.minusSeconds(500));
    assertThat(log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 100)).total()).as("a dry run removes nothing").isEqualTo(5);
    List<AuditLog.Pruned> pruned = log().deleteOlderThan(T0.minusSeconds(500));
    assertThat(pruned).filteredOn(p -> p.tenant().equals(tenant)).isEqualTo(wouldGo.stream().filter(p -> p.tenant().equals(tenant)).toList());
    assertThat(pruned).filteredOn(p -> p.tenant().equals(tenant)).singleElement().satisfies(p -> {
      assertThat(p.records()).isEqualTo(4);
      assertThat(p.throughSequence()).isEqualTo(4);
      assertThat(p.anchorHash()).isNotBlank();
    });
    assertThat(log().deleteOlderThan(T0.minusSeconds(500))).filteredOn(p -> p.tenant().equals(tenant)).as("nothing left to prune").isEmpty();
    log().append(event(tenant, AuditAction.SECRET_READ, T0.plusSeconds(1)));
    AuditRecord next = records(tenant).get(0);

    assertThat(log().query(tenant, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 100)).total()).isEqualTo(2);
    assertThat(next.sequence()).isEqualTo(6);
    assertThat(log().verify(tenant)).isEqualTo(new AuditChain.Verification(2, Optional.empty()));
  }
}
