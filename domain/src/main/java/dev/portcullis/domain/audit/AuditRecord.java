package dev.portcullis.domain.audit;

import java.util.Objects;

/** An event in its tenant's chain: its sequence number, the previous record's hash, and its own. */
public record AuditRecord(long sequence, AuditEvent event, String previousHash, String hash) {
  public AuditRecord {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
