package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What every {@link Transactions} adapter must do; adapter tests implement this interface. */
public interface TransactionsContract {
  Transactions transactions();

  @Test
  default void returns_what_the_work_returns() {
    String result = transactions().inTransaction(() -> "done");

    assertThat(result).isEqualTo("done");
  }

  @Test
  default void a_runtime_exception_from_the_work_is_rethrown_unchanged() {
    IllegalStateException failure = new IllegalStateException("boom");

    assertThatThrownBy(() -> transactions().inTransaction(() -> { throw failure; })).isSameAs(failure);
  }

  @Test
  default void a_nested_call_joins_the_outer_transaction_instead_of_blocking() {
    String result = transactions().inTransaction(() -> transactions().inTransaction(() -> "inner") + "+outer");

    assertThat(result).isEqualTo("inner+outer");
  }

  @Test
  default void after_a_failure_the_next_unit_of_work_runs_normally() {
    try {
      transactions().inTransaction(() -> { throw new IllegalArgumentException("first"); });
    } catch (IllegalArgumentException expected) {
      // the failure itself is covered above
    }

    assertThat(transactions().inTransaction(() -> 42)).isEqualTo(42);
  }
}
