package dev.portcullis.application.secret.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

public interface KekStoreContract {
  KekStore store();

  @Test
  default void keks_come_back_in_the_order_they_were_added() {
    int before = store().all().size();
    String first = "test-" + System.nanoTime();
    String second = first + "-b";

    store().add(new KekStore.StoredKek(first, new byte[] {1, 2}, Instant.parse("2026-11-23T10:00:00Z")));
    store().add(new KekStore.StoredKek(second, new byte[] {3}, Instant.parse("2026-11-23T10:00:01Z")));

    assertThat(store().all()).hasSize(before + 2);
    assertThat(store().all().get(before).id()).isEqualTo(first);
    assertThat(store().all().get(before).wrappedKey()).containsExactly(1, 2);
    assertThat(store().all().get(before + 1).id()).isEqualTo(second);
  }

  @Test
  default void rewrap_replaces_only_the_wrapping_of_one_kek() {
    String id = "rewrap-" + System.nanoTime();
    store().add(new KekStore.StoredKek(id, new byte[] {1}, Instant.parse("2026-11-23T10:00:00Z")));

    store().rewrap(id, new byte[] {9, 9});

    KekStore.StoredKek stored = store().all().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    assertThat(stored.wrappedKey()).containsExactly(9, 9);
    assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
  }
}
