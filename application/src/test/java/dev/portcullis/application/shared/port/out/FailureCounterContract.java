package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link FailureCounter} promises: counts per key and window, nothing lost under parallel failures. */
public interface FailureCounterContract {
  FailureCounter counter();

  Duration WINDOW = Duration.ofMinutes(1);
  Instant T0 = Instant.parse("2026-12-01T10:00:05Z");

  private static String key() {
    return "src:" + UUID.randomUUID();
  }

  @Test
  default void an_unknown_key_has_no_failures() {
    FailureCounter.Counts counts = counter().counts(List.of(key(), key()), WINDOW, T0);

    assertThat(counts.current()).containsExactly(0L, 0L);
    assertThat(counts.previous()).containsExactly(0L, 0L);
  }

  @Test
  default void failures_count_per_key_within_a_window_and_start_over_in_the_next() {
    String a = key();
    String b = key();

    counter().record(List.of(a, b), WINDOW, T0);
    counter().record(List.of(a), WINDOW, T0.plusSeconds(30));

    assertThat(counter().counts(List.of(a, b), WINDOW, T0.plusSeconds(50)).current()).containsExactly(2L, 1L);
    assertThat(counter().counts(List.of(a, b), WINDOW, T0.plusSeconds(60)).current()).as("the next window").containsExactly(0L, 0L);
  }

  @Test
  default void the_previous_window_stays_readable_once_the_next_one_has_begun() {
    String a = key();

    counter().record(List.of(a), WINDOW, T0.plusSeconds(50)); // 10:00:55, the first window
    counter().record(List.of(a), WINDOW, T0.plusSeconds(60)); // 10:01:05, the next

    FailureCounter.Counts counts = counter().counts(List.of(a), WINDOW, T0.plusSeconds(62));

    assertThat(counts.current()).containsExactly(1L);
    assertThat(counts.previous()).as("the window before, read with the current one").containsExactly(1L);
    assertThat(counter().counts(List.of(a), WINDOW, T0.plusSeconds(2)).previous()).as("a window's own previous one").containsExactly(0L);
  }

  @Test
  default void recording_answers_the_counts_it_leaves_in_both_windows() {
    String a = key();
    String b = key();
    counter().record(List.of(a), WINDOW, T0.plusSeconds(50)); // the first window
    counter().record(List.of(a, b), WINDOW, T0.plusSeconds(60)); // the next

    FailureCounter.Counts after = counter().record(List.of(a, b), WINDOW, T0.plusSeconds(61));

    assertThat(after.current()).as("this failure and the one before it in this window").containsExactly(2L, 2L);
    assertThat(after.previous()).as("the window before").containsExactly(1L, 0L);
    assertThat(counter().counts(List.of(a, b), WINDOW, T0.plusSeconds(61))).as("what a lookup reads").isEqualTo(after);
  }

  @Test
  default void parallel_records_each_answer_a_count_of_their_own() throws Exception {
    String a = key();

    List<Long> answers = Race.of(16, () -> counter().record(List.of(a), WINDOW, T0).current().get(0));

    assertThat(answers).as("every failure saw itself counted, none saw another's count as its own").containsExactlyInAnyOrderElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
  }

  @Test
  default void parallel_failures_are_all_counted() throws Exception {
    String a = key();

    Race.of(16, () -> {
      counter().record(List.of(a), WINDOW, T0);
      return null;
    });

    assertThat(counter().counts(List.of(a), WINDOW, T0).current()).containsExactly(16L);
  }
}
