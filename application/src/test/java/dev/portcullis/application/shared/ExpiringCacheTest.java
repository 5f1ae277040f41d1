package dev.portcullis.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void an_entry_is_served_until_its_own_expiry() {
    ExpiringCache<String, String> cache = new ExpiringCache<>(10);
    cache.put("a", "A", T0.plusSeconds(60));

    assertThat(cache.get("a", T0.plusSeconds(59))).contains("A");
    assertThat(cache.get("a", T0.plusSeconds(60))).isEmpty();
    assertThat(cache.size()).as("an expired entry is dropped when seen").isZero();
  }

  @Test
  void at_capacity_the_least_recently_used_entry_is_evicted() {
    ExpiringCache<String, String> cache = new ExpiringCache<>(2);
    cache.put("a", "A", T0.plusSeconds(60));
    cache.put("b", "B", T0.plusSeconds(60));
    cache.get("a", T0); // a is now more recent than b

    cache.put("c", "C", T0.plusSeconds(60));

    assertThat(cache.get("a", T0)).contains("A");
    assertThat(cache.get("b", T0)).isEmpty();
    assertThat(cache.get("c", T0)).contains("C");
  }

  @Test
  void a_flood_of_new_keys_never_grows_it_past_its_capacity() {
    ExpiringCache<Integer, Integer> cache = new ExpiringCache<>(100);
    for (int i = 0; i < 10_000; i++) {
      cache.put(i, i, T0.plusSeconds(60));
    }
    assertThat(cache.size()).isEqualTo(100);
  }

  @Test
  void invalidate_removes_an_entry() {
    ExpiringCache<String, String> cache = new ExpiringCache<>(10);
    cache.put("a", "A", T0.plusSeconds(60));
    cache.invalidate("a");
    assertThat(cache.get("a", T0)).isEmpty();
  }
}
