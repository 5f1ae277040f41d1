package dev.portcullis.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static AuditEvent event(String target) {
    return new AuditEvent(new TenantId("acme"), "admin", AuditAction.SECRET_READ, target, AuditOutcome.SUCCESS, "req-1", "127.0.0.1", Instant.parse("2026-11-23T10:00:00Z"));
  }

  private static List<AuditRecord> chainOf(int n) {
    List<AuditRecord> records = new ArrayList<>();
    String previous = AuditChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      AuditRecord record = AuditChain.link(i, previous, event("secret-" + i));
      records.add(record);
      previous = record.hash();
    }
    return records;
  }

  @Test
  void an_untouched_chain_verifies() {
    AuditChain.Verification result = AuditChain.verify(AuditChain.GENESIS, chainOf(5));

    assertThat(result.valid()).isTrue();
    assertThat(result.checked()).isEqualTo(5);
  }

  @Test
  void editing_a_record_breaks_the_chain_at_that_record() {
    List<AuditRecord> records = chainOf(5);
    AuditRecord original = records.get(2);
    records.set(2, new AuditRecord(original.sequence(), event("someone-else"), original.previousHash(), original.hash()));

    assertThat(AuditChain.verify(AuditChain.GENESIS, records).firstBrokenSequence()).hasValue(3L);
  }

  @Test
  void deleting_a_record_breaks_the_chain_at_the_next_one() {
    List<AuditRecord> records = chainOf(5);
    records.remove(1);

    assertThat(AuditChain.verify(AuditChain.GENESIS, records).firstBrokenSequence()).hasValue(3L);
  }

  @Test
  void rehashing_an_edited_record_still_breaks_the_following_link() {
    List<AuditRecord> records = chainOf(4);
    AuditRecord forged = AuditChain.link(2, records.get(0).hash(), event("forged"));
    records.set(1, forged);

    assertThat(AuditChain.verify(AuditChain.GENESIS, records).firstBrokenSequence()).hasValue(3L);
  }

  @Test
  void a_pruned_chain_verifies_from_its_anchor() {
    List<AuditRecord> records = chainOf(5);
    String anchor = records.get(1).hash();

    assertThat(AuditChain.verify(anchor, records.subList(2, 5)).valid()).isTrue();
  }
}
