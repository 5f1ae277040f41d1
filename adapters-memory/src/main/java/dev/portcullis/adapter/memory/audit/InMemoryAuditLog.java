package dev.portcullis.adapter.memory.audit;

import dev.portcullis.adapter.memory.InMemoryTransactions;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Audit chains in memory; one lock keeps each tenant's chain linear. */
public final class InMemoryAuditLog implements AuditLog {
  private static final class Chain {
    final List<AuditRecord> records = new ArrayList<>();
    String anchor = AuditChain.GENESIS;
    long lastSequence;
    String lastHash = AuditChain.GENESIS;
  }

  private final Map<TenantId, Chain> chains = new HashMap<>();

  @Override
  public synchronized void append(AuditEvent event) {
    Chain chain = chains.computeIfAbsent(event.tenant(), t -> new Chain());
    long previousSequence = chain.lastSequence;
    String previousHash = chain.lastHash;
    AuditRecord record = AuditChain.link(previousSequence + 1, previousHash, event);
    chain.records.add(record);
    chain.lastSequence = record.sequence();
    chain.lastHash = record.hash();
    InMemoryTransactions.undoable(() -> {
      synchronized (this) {
        if (chain.records.remove(record)) {
          chain.lastSequence = previousSequence;
          chain.lastHash = previousHash;
        }
      }
    });
  }

  @Override
  public synchronized Page<AuditRecord> query(TenantId tenant, AuditQuery query) {
    Chain chain = chains.get(tenant);
    List<AuditRecord> matching = chain == null ? List.of() : chain.records.stream()
        .filter(r -> query.action().map(a -> r.event().action() == a).orElse(true))
        .filter(r -> query.actor().map(a -> r.event().actor().equals(a)).orElse(true))
        .filter(r -> query.outcome().map(o -> r.event().outcome() == o).orElse(true))
        .filter(r -> query.from().map(f -> !r.event().at().isBefore(f)).orElse(true))
        .filter(r -> query.to().map(t -> !r.event().at().isAfter(t)).orElse(true))
        .sorted(Comparator.comparingLong(AuditRecord::sequence).reversed())
        .toList();
    return Page.slice(matching, query.page(), query.perPage());
  }

  @Override
  public synchronized AuditChain.Verification verify(TenantId tenant) {
    Chain chain = chains.get(tenant);
    return chain == null ? AuditChain.verify(AuditChain.GENESIS, List.of()) : AuditChain.verify(chain.anchor, chain.records);
  }

  @Override
  public synchronized List<Pruned> deleteOlderThan(Instant cutoff) {
    List<Pruned> pruned = prunable(cutoff);
    for (Pruned tenant : pruned) {
      Chain chain = chains.get(tenant.tenant());
      chain.records.subList(0, (int) tenant.records()).clear();
      chain.anchor = tenant.anchorHash();
    }
    return pruned;
  }

  @Override
  public synchronized List<Pruned> prunable(Instant cutoff) {
    List<Pruned> pruned = new java.util.ArrayList<>();
    chains.forEach((tenant, chain) -> {
      int old = 0;
      while (old < chain.records.size() && chain.records.get(old).event().at().isBefore(cutoff)) {
        old++;
      }
      if (old > 0) {
        AuditRecord last = chain.records.get(old - 1);
        pruned.add(new Pruned(tenant, old, last.sequence(), last.hash()));
      }
    });
    return pruned;
  }
}
