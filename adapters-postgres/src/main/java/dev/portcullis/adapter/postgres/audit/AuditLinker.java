package dev.portcullis.adapter.postgres.audit;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How an event reaches its tenant's chain (for {@link PgAuditLog}). Nothing waits on a chain head inside
 * a change's transaction: there an event goes into {@code audit_pending} (under the transaction's tenant scope), committing or rolling back with the change
 * it records. Every event is then <em>linked</em> before its caller goes on — after the commit for a
 * change, at once for a read or a denial — by group commit across tenants: callers queue, and one link at
 * a time per node, run on the event loop, locks the heads of every tenant in its batch (in tenant order,
 * so links of two nodes cannot deadlock), moves those tenants' pending events and the queued events into
 * their chains and commits; each caller awaits the link that covered it. A link is a handful of set-based
 * statements whatever the number of tenants and events in it, and runs as the schema owner, like the
 * retention job: it writes each event into the chain its own tenant names.
 *
 * <p>What a crash can do: kill the process between a change's commit and its link. The change and its
 * event are both committed; the event waits in {@code audit_pending} and is linked by the tenant's next
 * change on any node, its next query or verification, or the retention job. No event is lost, none is linked twice.
 */
final class AuditLinker {
  /** Pending events of one tenant moved into its chain by one link at most (more wait for the next). */
  private static final int MAX_PENDING_PER_TENANT = 1_000;
  private static final int MAX_QUEUED_PER_LINK = 500;
  static final String EVENT_COLUMNS = "actor, action, target, outcome, request_id, client_address, at, at_nanos, subject, detail";
  private final PgConnections connections;
  private final ConcurrentLinkedQueue<Waiter> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean linking = new AtomicBoolean();

  AuditLinker(PgConnections connections) {
    this.connections = connections;
  }

  /** Inside a unit of work: records the event there and links it once the unit has committed. Outside: links it now. */
  void append(AuditEvent event) {
    if (connections.inTransaction()) {
      connections.inTenant(event.tenant(), sql -> sql.preparedQuery("INSERT INTO audit_pending (tenant, " + EVENT_COLUMNS
              + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
          .execute(pendingRow(event)).await());
      connections.afterCommit(() -> link(List.of(new Waiter(event.tenant(), null, Promise.promise()))));
      return;
    }
    link(List.of(new Waiter(event.tenant(), event, Promise.promise())));
  }

  /** Queues {@code waiters} and returns once each is linked: its event (when it has one) and every event pending for its tenant. */
  private void link(List<Waiter> waiters) {
    waiting.addAll(waiters);
    startLink();
    for (Waiter waiter : waiters) {
      PgFailures.translate(() -> waiter.linked().future().await());
    }
  }

  private record Waiter(TenantId tenant, AuditEvent event, Promise<Void> linked) {}

  /** Starts a link of what is queued unless one is running; the running one starts the next when it ends. */
  private void startLink() {
    while (!waiting.isEmpty() && linking.compareAndSet(false, true)) {
      List<Waiter> batch = new ArrayList<>();
      for (Waiter next; batch.size() < MAX_QUEUED_PER_LINK && (next = waiting.poll()) != null; ) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        linking.set(false);
        continue;
      }
      io.vertx.core.Future<java.util.Set<String>> linked;
      try {
        linked = linkAsync(batch);
      } catch (RuntimeException failure) {
        linked = io.vertx.core.Future.failedFuture(failure);
      }
      linked.onComplete(result -> {
        try {
          batch.forEach(w -> {
            if (result.failed()) {
              w.linked().fail(result.cause());
            } else if (w.event() == null && result.result().contains(w.tenant().value())) {
              waiting.add(w); // more was pending for its tenant than one link moves: its own event may be among the rest
            } else {
              w.linked().complete();
            }
          });
        } finally {
          linking.set(false);
          startLink();
        }
      });
      return;
    }
  }

  /**
   * One link, without a thread waiting: lock the heads of the batch's tenants, take their pending events
   * (oldest first), append the queued events after them, write records and heads, commit. Three round
   * trips. Returns the tenants that had more events pending than one link takes for a tenant.
   */
  private io.vertx.core.Future<java.util.Set<String>> linkAsync(List<Waiter> batch) {
    String[] tenants = batch.stream().map(w -> w.tenant().value()).distinct().sorted().toArray(String[]::new);
    return connections.inSystemTransactionAsync(sql -> {
      sql.preparedQuery("INSERT INTO audit_heads (tenant, last_sequence, last_hash, anchor_hash) SELECT t, 0, $2, $2 FROM unnest($1::text[]) t "
          + "ORDER BY t ON CONFLICT (tenant) DO NOTHING").execute(Tuple.of(tenants, AuditChain.GENESIS));
      io.vertx.core.Future<io.vertx.sqlclient.RowSet<Row>> heads = sql.preparedQuery(
          "SELECT tenant, last_sequence, last_hash FROM audit_heads WHERE tenant = ANY($1) ORDER BY tenant FOR UPDATE").execute(Tuple.of((Object) tenants));
      // after the locks: whatever another link already moved is gone from this statement's snapshot. Only when a change
      // waits: a batch of reads alone leaves what is pending to the next change, verification or retention run.
      String[] changed = batch.stream().filter(w -> w.event() == null).map(w -> w.tenant().value()).distinct().toArray(String[]::new);
      io.vertx.core.Future<List<Row>> pending = changed.length == 0 ? io.vertx.core.Future.succeededFuture(List.of())
          : sql.preparedQuery("DELETE FROM audit_pending WHERE id IN (SELECT p.id FROM unnest($1::text[]) t, "
              + "LATERAL (SELECT id FROM audit_pending WHERE tenant = t ORDER BY id LIMIT $2) p) "
              + "RETURNING id, tenant, " + EVENT_COLUMNS).execute(Tuple.of(changed, MAX_PENDING_PER_TENANT)).map(rows -> {
                List<Row> list = new ArrayList<>();
                rows.forEach(list::add);
                return list;
              });
      return heads.compose(h -> pending.compose(p -> {
        Map<String, List<AuditEvent>> events = new java.util.TreeMap<>();
        List<Row> moved = new ArrayList<>(p);
        moved.sort(java.util.Comparator.comparingLong(r -> r.getLong("id")));
        moved.forEach(r -> events.computeIfAbsent(r.getString("tenant"), t -> new ArrayList<>()).add(event(r)));
        batch.stream().filter(w -> w.event() != null).forEach(w -> events.computeIfAbsent(w.tenant().value(), t -> new ArrayList<>()).add(w.event()));
        List<Tuple> rows = new ArrayList<>();
        List<String> headTenants = new ArrayList<>();
        List<Long> headSequences = new ArrayList<>();
        List<String> headHashes = new ArrayList<>();
        for (Row head : h) {
          String tenant = head.getString("tenant");
          long sequence = head.getLong("last_sequence");
          String previous = head.getString("last_hash");
          for (AuditEvent event : events.getOrDefault(tenant, List.of())) {
            AuditRecord record = AuditChain.link(++sequence, previous, event);
            previous = record.hash();
            rows.add(Tuple.from(List.of(tenant, record.sequence(), event.actor(), event.action().name(), event.target(), event.outcome().name(),
                event.requestId(), event.clientAddress(), event.at().atOffset(ZoneOffset.UTC), event.at().getNano(), record.previousHash(),
                record.hash(), event.subject(), event.detail())));
          }
          headTenants.add(tenant);
          headSequences.add(sequence);
          headHashes.add(previous);
        }
        java.util.Set<String> more = new java.util.HashSet<>();
        moved.stream().collect(java.util.stream.Collectors.groupingBy(r -> r.getString("tenant"), java.util.stream.Collectors.counting()))
            .forEach((tenant, count) -> {
              if (count == MAX_PENDING_PER_TENANT) {
                more.add(tenant);
              }
            });
        if (rows.isEmpty()) {
          return io.vertx.core.Future.succeededFuture(more);
        }
        io.vertx.core.Future<?> inserted = sql.preparedQuery("""
                INSERT INTO audit_log (tenant, sequence, actor, action, target, outcome, request_id, client_address, at, at_nanos, previous_hash, hash,
                                       subject, detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""")
            .executeBatch(rows);
        io.vertx.core.Future<?> advanced = sql.preparedQuery("UPDATE audit_heads h SET last_sequence = v.s, last_hash = v.h "
                + "FROM unnest($1::text[], $2::bigint[], $3::text[]) AS v(t, s, h) WHERE h.tenant = v.t")
            .execute(Tuple.of(headTenants.toArray(String[]::new), headSequences.toArray(Long[]::new), headHashes.toArray(String[]::new)));
        return inserted.compose(i -> advanced).map(more);
      }));
    });
  }

  void linkPending(TenantId tenant) {
    link(List.of(new Waiter(tenant, null, Promise.promise())));
  }

  /** Links what is pending for every tenant (events of changes whose process died before linking them). */
  void linkAllPending() {
    List<Waiter> waiters = new ArrayList<>();
    connections.pool().query("SELECT DISTINCT tenant FROM audit_pending").execute().await()
        .forEach(r -> waiters.add(new Waiter(new TenantId(r.getString(0)), null, Promise.promise())));
    link(waiters);
  }

  private static Tuple pendingRow(AuditEvent event) {
    return Tuple.from(List.of(event.tenant().value(), event.actor(), event.action().name(), event.target(), event.outcome().name(), event.requestId(),
        event.clientAddress(), event.at().atOffset(ZoneOffset.UTC), event.at().getNano(), event.subject(), event.detail()));
  }

  static AuditEvent event(Row row) {
    Instant at = row.getOffsetDateTime("at").toInstant();
    at = Instant.ofEpochSecond(at.getEpochSecond(), row.getInteger("at_nanos"));
    return new AuditEvent(new TenantId(row.getString("tenant")), row.getString("actor"), AuditAction.valueOf(row.getString("action")),
        row.getString("target"), AuditOutcome.valueOf(row.getString("outcome")), row.getString("request_id"), row.getString("client_address"), at,
        row.getString("subject"), row.getString("detail"));
  }
}
