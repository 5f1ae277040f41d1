package dev.portcullis.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.InvalidationLog;
import dev.portcullis.application.shared.port.out.InvalidationLogContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgInvalidationLogIT implements InvalidationLogContract {
  private final PgInvalidationLog log = new PgInvalidationLog(PgTestDatabase.connections());
  private final PgTransactions transactions = new PgTransactions(PgTestDatabase.connections());

  @Override
  public InvalidationLog log() {
    return log;
  }

  @Test
  void an_entry_commits_with_the_transaction_that_wrote_it_or_not_at_all_and_announces_itself_only_after_commit() {
    List<String> announced = new ArrayList<>();

    assertThatThrownBy(() -> transactions.inTransaction(() -> {
      log.append("topic", "rolled-back", Instant.parse("2099-01-01T00:00:00Z"));
      transactions.afterCommit(() -> announced.add("rolled-back"));
      throw new IllegalStateException("the change it announced failed");
    })).isInstanceOf(IllegalStateException.class);
    transactions.inTransaction(() -> {
      log.append("topic", "committed", Instant.parse("2099-01-01T00:00:00Z"));
      transactions.afterCommit(() -> announced.add("committed"));
      assertThat(announced).as("not before the commit").isEmpty();
      return null;
    });

    List<String> keys = log.read(Instant.EPOCH).entries().stream().map(InvalidationLog.Entry::key).toList();
    assertThat(keys).contains("committed").doesNotContain("rolled-back");
    assertThat(announced).containsExactly("committed");
  }
}
