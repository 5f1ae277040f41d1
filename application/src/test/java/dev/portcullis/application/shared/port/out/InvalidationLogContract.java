package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.testing.Race;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link InvalidationLog} promises: ordered, unique sequence numbers; reads by recording time; purge by {@code until}. */
public interface InvalidationLogContract {
  InvalidationLog log();

  private static String unique() {
    return "k-" + UUID.nameUUIDFromBytes(Long.toString(System.nanoTime()).getBytes());
  }

  @Test
  default void an_appended_entry_is_read_back_in_sequence_order_with_its_until() {
    String first = unique();
    String second = unique();
    Instant until = Instant.parse("2099-01-01T00:00:00Z");

    long a = log().append("topic", first, until);
    long b = log().append("topic", second, until);

    List<InvalidationLog.Entry> read = log().read(Instant.EPOCH).entries().stream().filter(e -> e.key().equals(first) || e.key().equals(second)).toList();
    assertThat(b).isGreaterThan(a);
    assertThat(read).containsExactly(new InvalidationLog.Entry(a, "topic", first, until), new InvalidationLog.Entry(b, "topic", second, until));
  }

  @Test
  default void a_read_from_after_the_log_clock_sees_nothing_older() {
    String key = unique();
    log().append("topic", key, Instant.parse("2099-01-01T00:00:00Z"));
    Instant logNow = log().read(Instant.EPOCH).logNow();

    assertThat(log().read(logNow.plusSeconds(3_600)).entries()).noneMatch(e -> e.key().equals(key));
  }

  @Test
  default void purge_removes_only_entries_that_ended_before_the_cutoff() {
    String ended = unique();
    String current = unique();
    log().append("topic", ended, Instant.parse("2001-01-01T00:00:00Z"));
    log().append("topic", current, Instant.parse("2099-01-01T00:00:00Z"));

    assertThat(log().purge(Instant.parse("2002-01-01T00:00:00Z"))).isGreaterThanOrEqualTo(1);

    List<String> left = log().read(Instant.EPOCH).entries().stream().map(InvalidationLog.Entry::key).toList();
    assertThat(left).contains(current).doesNotContain(ended);
  }

  @Test
  default void parallel_appends_get_distinct_sequence_numbers() throws Exception {
    List<Long> seqs = Race.of(16, () -> log().append("race", unique(), Instant.parse("2099-01-01T00:00:00Z")));

    assertThat(new HashSet<>(seqs)).hasSize(16);
  }
}
