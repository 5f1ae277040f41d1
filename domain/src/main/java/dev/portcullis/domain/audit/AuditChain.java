package dev.portcullis.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The tamper-evident chain of a tenant's audit log: each record's hash is SHA-256 over the previous
 * record's hash and a canonical encoding of the event, so editing, deleting or reordering any record
 * breaks every hash after it.
 */
public final class AuditChain {
  /** The "previous hash" of a tenant's first record. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  public static AuditRecord link(long sequence, String previousHash, AuditEvent event) {
    return new AuditRecord(sequence, event, previousHash, hash(sequence, previousHash, event));
  }

  public static String hash(long sequence, String previousHash, AuditEvent event) {
    StringBuilder canonical = new StringBuilder(256).append("portcullis/audit/v1");
    for (String field : new String[] {
        Long.toString(sequence), previousHash, event.tenant().value(), event.actor(), event.action().name(), event.target(),
        event.outcome().name(), event.requestId(), event.clientAddress(), Long.toString(event.at().getEpochSecond()),
        Integer.toString(event.at().getNano())}) {
      canonical.append('\u0000').append(field.length()).append(':').append(field); // length-prefixed: unambiguous
    }
    // fields added later are tagged and present only when set, so every record written before them hashes as it did
    for (String[] tagged : new String[][] {{"subject=", event.subject()}, {"detail=", event.detail()}}) {
      if (!tagged[1].isEmpty()) {
        String field = tagged[0] + tagged[1];
        canonical.append('\u0000').append(field.length()).append(':').append(field);
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Result of checking a chain segment. */
  public record Verification(long checked, Optional<Long> firstBrokenSequence) {
    public boolean valid() {
      return firstBrokenSequence.isEmpty();
    }
  }

  /**
   * Checks records in sequence order, starting from {@code anchorHash} (GENESIS, or the hash of the
   * last record removed by retention). Returns the first sequence whose link or hash is wrong.
   */
  public static Verification verify(String anchorHash, List<AuditRecord> records) {
    String previous = anchorHash;
    long checked = 0;
    for (AuditRecord record : records) {
      if (!record.previousHash().equals(previous) || !record.hash().equals(hash(record.sequence(), previous, record.event()))) {
        return new Verification(checked, Optional.of(record.sequence()));
      }
      previous = record.hash();
      checked++;
    }
    return new Verification(checked, Optional.empty());
  }
}
