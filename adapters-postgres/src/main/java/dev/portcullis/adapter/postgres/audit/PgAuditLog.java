package dev.portcullis.adapter.postgres.audit;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgFailures;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit chains in Postgres. {@code audit_heads} holds each tenant's last sequence and hash; linking
 * locks that row ({@code FOR UPDATE}), so a chain stays linear across nodes. How an event gets there —
 * with its change, then linked by group commit across tenants — is {@link AuditLinker}'s; this class reads,
 * verifies and prunes the chains, and links what is pending for a tenant before it reads that tenant's.
 */
public final class PgAuditLog implements AuditLog {
  private static final int VERIFY_BATCH = 1_000;
  /** Named, not {@code *}: a cached statement must keep its result type when a migration adds a column (StatementCacheIT). */
  private static final String COLUMNS = "tenant, sequence, previous_hash, hash, " + AuditLinker.EVENT_COLUMNS;
  private final PgConnections connections;
  private final AuditLinker linker;

  @Inject
  public PgAuditLog(PgConnections connections) {
    this.connections = connections;
    this.linker = new AuditLinker(connections);
  }

  @Override
  public void append(AuditEvent event) {
    linker.append(event);
  }

  @Override
  public Page<AuditRecord> query(TenantId tenant, AuditQuery query) {
    linker.linkPending(tenant); // after a crash, a committed change's event may still wait to be linked: show it
    return connections.inTenant(tenant, sql -> {
      String where = " FROM audit_log WHERE tenant = $1 AND ($2::text IS NULL OR action = $2)"
          + " AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at <= $4)"
          + " AND ($5::text IS NULL OR actor = $5) AND ($6::text IS NULL OR outcome = $6)";
      Tuple filters = Tuple.of(tenant.value(), query.action().map(AuditAction::name).orElse(null),
          query.from().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null), query.to().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null),
          query.actor().orElse(null), query.outcome().map(Enum::name).orElse(null));
      long total = sql.preparedQuery("SELECT count(*)" + where).execute(filters).await().iterator().next().getLong(0);
      List<AuditRecord> items = new ArrayList<>();
      Tuple paged = filters.addInteger(query.perPage()).addLong(Page.offset(query.page(), query.perPage()));
      for (Row row : sql.preparedQuery("SELECT " + COLUMNS + where + " ORDER BY sequence DESC LIMIT $7 OFFSET $8").execute(paged).await()) {
        items.add(record(row));
      }
      return new Page<>(items, query.page(), query.perPage(), total);
    });
  }

  @Override
  public AuditChain.Verification verify(TenantId tenant) {
    linker.linkPending(tenant); // what is pending belongs in what we verify
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
        for (Row row : sql.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE tenant = $1 AND sequence > $2 ORDER BY sequence LIMIT $3")
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
      linker.linkAllPending();
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
    return new AuditRecord(row.getLong("sequence"), AuditLinker.event(row), row.getString("previous_hash"), row.getString("hash"));
  }
}
