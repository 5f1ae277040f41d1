package dev.portcullis.adapter.postgres.audit;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit chains in Postgres. {@code audit_heads} holds each tenant's last sequence and hash; an
 * append locks that row ({@code FOR UPDATE}), so concurrent appends of one tenant queue and the chain
 * stays linear, while other tenants are not held up. Runs inside the caller's transaction when there
 * is one, so a change and its audit record commit together.
 */
public final class PgAuditLog implements AuditLog {
  private static final int VERIFY_BATCH = 1_000;
  private static final int MAX_BATCH = 500;
  private final PgConnections connections;

  @Inject
  public PgAuditLog(PgConnections connections) {
    this.connections = connections;
  }

  /**
   * Inside a transaction: appended there, so it commits (or rolls back) with the change it records.
   * Outside one (reads, denials): group commit. Appends queue per tenant; whoever finds no drain
   * running becomes the leader and writes everything queued in one transaction, holding the chain
   * head's row lock once per batch instead of once per record; every caller awaits its own record, so
   * a request still answers only after its audit record is committed.
   */
  @Override
  public AuditRecord append(AuditEvent event) {
    if (connections.inTransaction()) {
      return appendAll(event.tenant(), List.of(event)).get(0);
    }
    TenantQueue queue = queues.computeIfAbsent(event.tenant(), t -> new TenantQueue());
    Pending pending = new Pending(event, Promise.promise());
    queue.pending.add(pending);
    while (queue.draining.compareAndSet(false, true)) {
      try {
        drain(event.tenant(), queue);
      } finally {
        queue.draining.set(false);
      }
      if (queue.pending.isEmpty()) {
        break; // else: something arrived after our last poll and its caller may have seen us draining
      }
    }
    return pending.promise().future().await();
  }

  private record Pending(AuditEvent event, Promise<AuditRecord> promise) {}

  private static final class TenantQueue {
    final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
  }

  private final Map<TenantId, TenantQueue> queues = new ConcurrentHashMap<>();

  private void drain(TenantId tenant, TenantQueue queue) {
    List<Pending> batch = new ArrayList<>();
    for (Pending next = queue.pending.poll(); next != null || !batch.isEmpty(); next = queue.pending.poll()) {
      if (next != null) {
        batch.add(next);
      }
      if (next == null || batch.size() == MAX_BATCH) {
        try {
          List<AuditRecord> records = appendAll(tenant, batch.stream().map(Pending::event).toList());
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).promise().complete(records.get(i));
          }
        } catch (Throwable failure) {
          batch.forEach(p -> p.promise().fail(failure));
        }
        batch = new ArrayList<>();
      }
    }
  }

  /** Links and writes {@code events} in order, in one (joined or own) tenant-scoped transaction. */
  private List<AuditRecord> appendAll(TenantId tenant, List<AuditEvent> events) {
    return connections.inTenant(tenant, sql -> {
      sql.preparedQuery("INSERT INTO audit_heads (tenant, last_sequence, last_hash, anchor_hash) VALUES ($1, 0, $2, $2) ON CONFLICT (tenant) DO NOTHING")
          .execute(Tuple.of(tenant.value(), AuditChain.GENESIS)).await();
      Row head = sql.preparedQuery("SELECT last_sequence, last_hash FROM audit_heads WHERE tenant = $1 FOR UPDATE")
          .execute(Tuple.of(tenant.value())).await().iterator().next();
      long sequence = head.getLong("last_sequence");
      String previous = head.getString("last_hash");
      List<AuditRecord> records = new ArrayList<>();
      List<Tuple> rows = new ArrayList<>();
      for (AuditEvent event : events) {
        AuditRecord record = AuditChain.link(++sequence, previous, event);
        previous = record.hash();
        records.add(record);
        rows.add(Tuple.from(List.of(tenant.value(), record.sequence(), event.actor(), event.action().name(), event.target(), event.outcome().name(),
            event.requestId(), event.clientAddress(), event.at().atOffset(ZoneOffset.UTC), event.at().getNano(), record.previousHash(), record.hash(),
            event.subject(), event.detail())));
      }
      sql.preparedQuery("""
              INSERT INTO audit_log (tenant, sequence, actor, action, target, outcome, request_id, client_address, at, at_nanos, previous_hash, hash,
                                     subject, detail)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""")
          .executeBatch(rows).await();
      sql.preparedQuery("UPDATE audit_heads SET last_sequence = $2, last_hash = $3 WHERE tenant = $1")
          .execute(Tuple.of(tenant.value(), sequence, previous)).await();
      return records;
    });
  }

  @Override
  public Page<AuditRecord> query(TenantId tenant, AuditQuery query) {
    return connections.inTenant(tenant, sql -> {
      String where = " FROM audit_log WHERE tenant = $1 AND ($2::text IS NULL OR action = $2)"
          + " AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at <= $4)";
      Tuple filters = Tuple.of(tenant.value(), query.action().map(AuditAction::name).orElse(null),
          query.from().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null), query.to().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null));
      long total = sql.preparedQuery("SELECT count(*)" + where).execute(filters).await().iterator().next().getLong(0);
      List<AuditRecord> items = new ArrayList<>();
      Tuple paged = filters.addInteger(query.perPage()).addLong(Page.offset(query.page(), query.perPage()));
      for (Row row : sql.preparedQuery("SELECT *" + where + " ORDER BY sequence DESC LIMIT $5 OFFSET $6").execute(paged).await()) {
        items.add(record(row));
      }
      return new Page<>(items, query.page(), query.perPage(), total);
    });
  }

  @Override
  public AuditChain.Verification verify(TenantId tenant) {
    return connections.inTenant(tenant, sql -> {
      var heads = sql.preparedQuery("SELECT anchor_sequence, anchor_hash FROM audit_heads WHERE tenant = $1").execute(Tuple.of(tenant.value())).await();
      if (heads.size() == 0) {
        return AuditChain.verify(AuditChain.GENESIS, List.of());
      }
      Row head = heads.iterator().next();
      String previous = head.getString("anchor_hash");
      long after = head.getLong("anchor_sequence");
      long checked = 0;
      int restarts = 0;
      while (true) {
        List<AuditRecord> batch = new ArrayList<>();
        for (Row row : sql.preparedQuery("SELECT * FROM audit_log WHERE tenant = $1 AND sequence > $2 ORDER BY sequence LIMIT $3")
            .execute(Tuple.of(tenant.value(), after, VERIFY_BATCH)).await()) {
          batch.add(record(row));
        }
        if (batch.isEmpty()) {
          return new AuditChain.Verification(checked, java.util.Optional.empty());
        }
        if (batch.get(0).sequence() != after + 1) { // a whole record is missing at the start of the batch
          Row now = sql.preparedQuery("SELECT anchor_sequence, anchor_hash FROM audit_heads WHERE tenant = $1").execute(Tuple.of(tenant.value())).await()
              .iterator().next();
          if (now.getLong("anchor_sequence") > after && restarts++ < 3) {
            // a prune committed while we walked: what we had not reached yet is gone by design; go on from the new anchor
            previous = now.getString("anchor_hash");
            after = now.getLong("anchor_sequence");
            continue;
          }
          return new AuditChain.Verification(checked, java.util.Optional.of(after + 1));
        }
        AuditChain.Verification part = AuditChain.verify(previous, batch);
        if (!part.valid()) {
          return new AuditChain.Verification(checked + part.checked(), part.firstBrokenSequence());
        }
        checked += part.checked();
        previous = batch.get(batch.size() - 1).hash();
        after = batch.get(batch.size() - 1).sequence();
      }
    });
  }

  @Override
  public List<Pruned> deleteOlderThan(Instant cutoff) {
    return prune(cutoff, true);
  }

  @Override
  public List<Pruned> prunable(Instant cutoff) {
    return prune(cutoff, false);
  }

  private List<Pruned> prune(Instant cutoff, boolean apply) {
    return PgFailures.translate(() -> {
      List<String> tenants = new ArrayList<>();
      connections.pool().query("SELECT tenant FROM audit_heads").execute().await().forEach(r -> tenants.add(r.getString(0)));
      List<Pruned> pruned = new ArrayList<>();
      for (String tenant : tenants) {
        pruneTenant(tenant, cutoff, apply).ifPresent(pruned::add);
      }
      return pruned;
    });
  }

  /** The longest run of records, from the start of the chain, that are all older than cutoff; deleted if {@code apply}. */
  private java.util.Optional<Pruned> pruneTenant(String tenant, Instant cutoff, boolean apply) {
    SqlConnection sql = connections.pool().getConnection().await();
    try {
      Transaction transaction = sql.begin().await();
      Row head = sql.preparedQuery("SELECT last_sequence, anchor_sequence FROM audit_heads WHERE tenant = $1 FOR UPDATE").execute(Tuple.of(tenant)).await().iterator().next();
      Long firstKept = sql.preparedQuery("SELECT min(sequence) FROM audit_log WHERE tenant = $1 AND at >= $2")
          .execute(Tuple.of(tenant, cutoff.atOffset(ZoneOffset.UTC))).await().iterator().next().getLong(0);
      long lastDeleted = firstKept == null ? head.getLong("last_sequence") : firstKept - 1;
      java.util.Optional<Pruned> pruned = java.util.Optional.empty();
      if (lastDeleted > head.getLong("anchor_sequence")) {
        String anchorHash = sql.preparedQuery("SELECT hash FROM audit_log WHERE tenant = $1 AND sequence = $2")
            .execute(Tuple.of(tenant, lastDeleted)).await().iterator().next().getString(0);
        long records;
        if (apply) {
          records = sql.preparedQuery("DELETE FROM audit_log WHERE tenant = $1 AND sequence <= $2").execute(Tuple.of(tenant, lastDeleted)).await().rowCount();
          sql.preparedQuery("UPDATE audit_heads SET anchor_sequence = $2, anchor_hash = $3 WHERE tenant = $1").execute(Tuple.of(tenant, lastDeleted, anchorHash)).await();
        } else {
          records = sql.preparedQuery("SELECT count(*) FROM audit_log WHERE tenant = $1 AND sequence <= $2").execute(Tuple.of(tenant, lastDeleted)).await()
              .iterator().next().getLong(0);
        }
        pruned = java.util.Optional.of(new Pruned(new TenantId(tenant), records, lastDeleted, anchorHash));
      }
      transaction.commit().await();
      return pruned;
    } finally {
      sql.close().await();
    }
  }

  private static AuditRecord record(Row row) {
    Instant at = row.getOffsetDateTime("at").toInstant();
    at = Instant.ofEpochSecond(at.getEpochSecond(), row.getInteger("at_nanos"));
    AuditEvent event = new AuditEvent(new TenantId(row.getString("tenant")), row.getString("actor"), AuditAction.valueOf(row.getString("action")),
        row.getString("target"), AuditOutcome.valueOf(row.getString("outcome")), row.getString("request_id"), row.getString("client_address"), at,
        row.getString("subject"), row.getString("detail"));
    return new AuditRecord(row.getLong("sequence"), event, row.getString("previous_hash"), row.getString("hash"));
  }
}
