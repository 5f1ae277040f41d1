package dev.portcullis.application.secret.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.secret.port.out.SecretStore.NewVersion;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.secret.port.out.SecretStore.Write;
import dev.portcullis.application.shared.Page;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** What every {@link SecretStore} must do. Each test uses tenants of its own, so stores need no reset. */
public interface SecretStoreContract {
  SecretStore store();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** A fresh tenant per test, so real stores can keep their data between tests. */
  default TenantId tenant(String label) {
    return new TenantId(label + "-" + Long.toHexString(System.nanoTime()));
  }

  private static IntFunction<SealedValue> sealing(String value) {
    return version -> new SealedValue((value + "@v" + version).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) version}, "k1");
  }

  private static NewVersion meta(String description, Set<String> tags) {
    return new NewVersion(description, tags, "tester");
  }

  private Write write(TenantId tenant, String name, String value) {
    return store().write(tenant, new SecretName(name), meta(null, null), OptionalInt.empty(), T0, sealing(value));
  }

  @Test
  default void the_first_write_creates_version_1_and_the_next_adds_version_2() {
    TenantId tenant = tenant("w");

    Write first = store().write(tenant, new SecretName("db"), meta("the db", Set.of("prod")), OptionalInt.empty(), T0, sealing("a"));
    Write second = store().write(tenant, new SecretName("db"), meta(null, null), OptionalInt.empty(), T0.plusSeconds(5), sealing("b"));

    assertThat(first).isInstanceOfSatisfying(Write.Written.class, w -> {
      assertThat(w.created()).isTrue();
      assertThat(w.record().currentVersion()).isEqualTo(1);
    });
    assertThat(second).isInstanceOfSatisfying(Write.Written.class, w -> {
      assertThat(w.created()).isFalse();
      assertThat(w.record().currentVersion()).isEqualTo(2);
      assertThat(w.record().metadata().description()).isEqualTo("the db");
      assertThat(w.record().metadata().tags()).containsExactly("prod");
      assertThat(w.record().createdAt()).isEqualTo(T0);
      assertThat(w.record().updatedAt()).isEqualTo(T0.plusSeconds(5));
    });
    assertThat(new String(store().version(tenant, new SecretName("db"), 1).orElseThrow().sealed().ciphertext(), StandardCharsets.UTF_8)).isEqualTo("a@v1");
    assertThat(new String(store().version(tenant, new SecretName("db"), 2).orElseThrow().sealed().ciphertext(), StandardCharsets.UTF_8)).isEqualTo("b@v2");
    assertThat(store().version(tenant, new SecretName("db"), 3)).isEmpty();
  }

  @Test
  default void find_version_returns_the_current_or_a_given_version_of_a_live_secret_only() {
    TenantId tenant = tenant("fv");
    write(tenant, "k", "a");
    write(tenant, "k", "b");

    assertThat(store().findVersion(tenant, new SecretName("k"), OptionalInt.empty())).hasValueSatisfying(found -> {
      assertThat(found.version().version()).isEqualTo(2);
      assertThat(found.record().currentVersion()).isEqualTo(2);
      assertThat(new String(found.version().sealed().ciphertext(), StandardCharsets.UTF_8)).isEqualTo("b@v2");
    });
    assertThat(store().findVersion(tenant, new SecretName("k"), OptionalInt.of(1))).hasValueSatisfying(found -> assertThat(found.version().version()).isEqualTo(1));
    assertThat(store().findVersion(tenant, new SecretName("k"), OptionalInt.of(3))).isEmpty();
    assertThat(store().findVersion(tenant, new SecretName("absent"), OptionalInt.empty())).isEmpty();
    store().softDelete(tenant, new SecretName("k"), T0);
    assertThat(store().findVersion(tenant, new SecretName("k"), OptionalInt.empty())).isEmpty();
  }

  @Test
  default void if_match_with_the_current_version_writes_and_with_another_conflicts() {
    TenantId tenant = tenant("m");
    write(tenant, "k", "a");

    Write stale = store().write(tenant, new SecretName("k"), meta(null, null), OptionalInt.of(7), T0, sealing("b"));
    Write current = store().write(tenant, new SecretName("k"), meta(null, null), OptionalInt.of(1), T0, sealing("c"));
    Write missing = store().write(tenant, new SecretName("absent"), meta(null, null), OptionalInt.of(1), T0, sealing("d"));

    assertThat(stale).isEqualTo(new Write.Conflict(1));
    assertThat(current).isInstanceOfSatisfying(Write.Written.class, w -> assertThat(w.record().currentVersion()).isEqualTo(2));
    assertThat(missing).isEqualTo(new Write.Missing());
  }

  @Test
  default void parallel_writers_to_one_name_get_consecutive_versions_and_none_is_lost() throws Exception {
    TenantId tenant = tenant("race");
    int writers = 8;
    int writesEach = 10;
    CyclicBarrier start = new CyclicBarrier(writers);
    List<Future<List<Integer>>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        String writer = "writer" + w;
        results.add(threads.submit(() -> {
          start.await();
          List<Integer> versions = new ArrayList<>();
          for (int i = 0; i < writesEach; i++) {
            Write result = store().write(tenant, new SecretName("hot"), meta(null, null), OptionalInt.empty(), T0, sealing(writer + "-" + i));
            versions.add(((Write.Written) result).record().currentVersion());
          }
          return versions;
        }));
      }
    }

    List<Integer> all = new ArrayList<>();
    for (Future<List<Integer>> result : results) {
      all.addAll(result.get());
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, writers * writesEach).boxed().toList());
    for (int v = 1; v <= writers * writesEach; v++) {
      assertThat(new String(store().version(tenant, new SecretName("hot"), v).orElseThrow().sealed().ciphertext(), StandardCharsets.UTF_8))
          .as("version %d was sealed for version %d", v, v).endsWith("@v" + v);
    }
  }

  @Test
  default void tenants_are_isolated() {
    TenantId a = tenant("a");
    TenantId b = tenant("b");
    write(a, "shared-name", "for-a");

    assertThat(store().find(b, new SecretName("shared-name"))).isEmpty();
    assertThat(store().version(b, new SecretName("shared-name"), 1)).isEmpty();
    assertThat(store().search(b, new SecretQuery(null, null, null, 1, 100)).total()).isZero();
    assertThat(write(b, "shared-name", "for-b")).isInstanceOfSatisfying(Write.Written.class, w -> assertThat(w.created()).isTrue());
  }

  @Test
  default void name_of_finds_a_secret_by_its_id_deleted_or_not_and_only_in_its_own_tenant() {
    TenantId tenant = tenant("byid");
    TenantId other = tenant("byid-other");
    String id = ((Write.Written) write(tenant, "db/password", "a")).record().id();
    write(other, "db/password", "b");

    assertThat(store().nameOf(tenant, id)).hasValue(new SecretName("db/password"));
    assertThat(store().nameOf(other, id)).as("another tenant's id").isEmpty();
    assertThat(store().nameOf(tenant, "00000000-0000-4000-8000-000000000000")).isEmpty();
    store().softDelete(tenant, new SecretName("db/password"), T0);
    assertThat(store().nameOf(tenant, id)).as("a deleted secret can still be restored by id").hasValue(new SecretName("db/password"));
    store().purge(tenant, new SecretName("db/password"));
    write(tenant, "db/password", "recreated");
    assertThat(store().nameOf(tenant, id)).as("a re-created name has a new id").isEmpty();
  }

  @Test
  default void metadata_updates_keep_what_is_not_given_and_honour_if_match() {
    TenantId tenant = tenant("meta");
    store().write(tenant, new SecretName("k"), meta("old", Set.of("x")), OptionalInt.empty(), T0, sealing("a"));

    SecretStore.Update tagsOnly = store().updateMetadata(tenant, new SecretName("k"), null, Set.of("y", "z"), OptionalInt.empty(), T0.plusSeconds(1));
    SecretStore.Update stale = store().updateMetadata(tenant, new SecretName("k"), "new", null, OptionalInt.of(9), T0);
    SecretStore.Update missing = store().updateMetadata(tenant, new SecretName("nope"), "new", null, OptionalInt.empty(), T0);

    assertThat(tagsOnly).isInstanceOfSatisfying(SecretStore.Update.Updated.class, u -> {
      assertThat(u.record().metadata().description()).isEqualTo("old");
      assertThat(u.record().metadata().tags()).containsExactly("y", "z");
      assertThat(u.record().currentVersion()).isEqualTo(1);
      assertThat(u.record().updatedAt()).isEqualTo(T0.plusSeconds(1));
    });
    assertThat(stale).isEqualTo(new SecretStore.Update.Conflict(1));
    assertThat(missing).isEqualTo(new SecretStore.Update.Missing());
  }

  @Test
  default void soft_delete_hides_restore_brings_back_and_purge_removes_every_version() {
    TenantId tenant = tenant("del");
    write(tenant, "k", "a");
    write(tenant, "k", "b");

    assertThat(store().softDelete(tenant, new SecretName("k"), T0.plusSeconds(10))).hasValueSatisfying(r -> assertThat(r.deletedAt()).hasValue(T0.plusSeconds(10)));
    assertThat(store().softDelete(tenant, new SecretName("k"), T0)).isEmpty();
    assertThat(write(tenant, "k", "c")).isEqualTo(new Write.Deleted());
    assertThat(store().search(tenant, new SecretQuery(null, null, null, 1, 10)).total()).isZero();

    assertThat(store().restore(tenant, new SecretName("k"), T0.plusSeconds(20))).hasValueSatisfying(r -> {
      assertThat(r.isDeleted()).isFalse();
      assertThat(r.currentVersion()).isEqualTo(2);
    });
    assertThat(store().restore(tenant, new SecretName("k"), T0)).isEmpty();

    assertThat(store().purge(tenant, new SecretName("k"))).isTrue();
    assertThat(store().purge(tenant, new SecretName("k"))).isFalse();
    assertThat(store().find(tenant, new SecretName("k"))).isEmpty();
    assertThat(store().version(tenant, new SecretName("k"), 1)).isEmpty();
    assertThat(write(tenant, "k", "fresh")).isInstanceOfSatisfying(Write.Written.class, w -> assertThat(w.record().currentVersion()).isEqualTo(1));
  }

  @Test
  default void versions_lists_every_version_with_its_author() {
    TenantId tenant = tenant("ver");
    write(tenant, "k", "a");
    write(tenant, "k", "b");

    assertThat(store().versions(tenant, new SecretName("k"))).extracting(SecretStore.VersionInfo::version).containsExactly(1, 2);
    assertThat(store().versions(tenant, new SecretName("k"))).allSatisfy(v -> assertThat(v.createdBy()).isEqualTo("tester"));
  }

  @Test
  default void search_by_prefix_substring_and_tag_with_pagination() {
    TenantId tenant = tenant("s");
    for (int i = 1; i <= 7; i++) {
      store().write(tenant, new SecretName("app/key-" + i), meta(null, i % 2 == 0 ? Set.of("even") : Set.of("odd")), OptionalInt.empty(), T0, sealing("v"));
    }
    store().write(tenant, new SecretName("other/DB-Password"), meta(null, Set.of("db")), OptionalInt.empty(), T0, sealing("v"));

    Page<SecretRecord> firstPage = store().search(tenant, new SecretQuery(null, "app/", null, 1, 3));
    Page<SecretRecord> lastPage = store().search(tenant, new SecretQuery(null, "app/", null, 3, 3));
    Page<SecretRecord> even = store().search(tenant, new SecretQuery(null, null, "even", 1, 100));
    Page<SecretRecord> substring = store().search(tenant, new SecretQuery("db-pass", null, null, 1, 100));

    assertThat(firstPage.items()).extracting(r -> r.name().value()).containsExactly("app/key-1", "app/key-2", "app/key-3");
    assertThat(firstPage.total()).isEqualTo(7);
    assertThat(firstPage.totalPages()).isEqualTo(3);
    assertThat(lastPage.items()).extracting(r -> r.name().value()).containsExactly("app/key-7");
    assertThat(even.items()).extracting(r -> r.name().value()).containsExactly("app/key-2", "app/key-4", "app/key-6");
    assertThat(substring.items()).extracting(r -> r.name().value()).containsExactly("other/DB-Password");
  }

  @Test
  default void a_page_far_past_the_end_is_empty_even_at_the_largest_page_number() {
    TenantId tenant = tenant("far");
    write(tenant, "k", "v");

    Page<SecretRecord> last = store().search(tenant, new SecretQuery(null, null, null, Integer.MAX_VALUE, Page.MAX_PER_PAGE));
    Page<SecretRecord> wrapping = store().search(tenant, new SecretQuery(null, null, null, Integer.MAX_VALUE / 2 + 2, 2));

    assertThat(last.items()).isEmpty();
    assertThat(last.total()).isEqualTo(1);
    assertThat(last.page()).isEqualTo(Integer.MAX_VALUE);
    assertThat(wrapping.items()).isEmpty();
    assertThat(wrapping.total()).isEqualTo(1);
  }

  @Test
  default void search_treats_like_wildcards_in_the_input_literally() {
    TenantId tenant = tenant("wild");
    write(tenant, "a_b", "v");
    write(tenant, "axb", "v");

    assertThat(store().search(tenant, new SecretQuery("a_b", null, null, 1, 10)).items()).extracting(r -> r.name().value()).containsExactly("a_b");
    assertThat(store().search(tenant, new SecretQuery("%", null, null, 1, 10)).total()).isZero();
  }

  @Test
  default void rewrapping_replaces_only_the_wrapping_and_only_if_still_wrapped_by_the_old_kek() {
    TenantId tenant = tenant("rw");
    write(tenant, "k", "a");
    SecretStore.Wrapped candidate = store().wrappedWithOtherThan("k2", 10_000).stream()
        .filter(w -> w.tenant().equals(tenant)).findFirst().orElseThrow();

    boolean first = store().replaceWrapping(candidate, candidate.sealed().rewrapped(new byte[] {42}, "k2"));
    boolean again = store().replaceWrapping(candidate, candidate.sealed().rewrapped(new byte[] {43}, "k3"));

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    SealedValue stored = store().version(tenant, new SecretName("k"), 1).orElseThrow().sealed();
    assertThat(stored.kekId()).isEqualTo("k2");
    assertThat(stored.wrappedDataKey()).containsExactly(42);
    assertThat(new String(stored.ciphertext(), StandardCharsets.UTF_8)).isEqualTo("a@v1");
    assertThat(store().countByKek()).containsKey("k2");
  }

  @Test
  default void expired_soft_deletes_are_purged_and_recent_ones_kept() {
    TenantId tenant = tenant("ret");
    write(tenant, "old", "a");
    write(tenant, "recent", "b");
    store().softDelete(tenant, new SecretName("old"), T0.minus(Duration.ofDays(40)));
    store().softDelete(tenant, new SecretName("recent"), T0.minus(Duration.ofDays(1)));

    store().purgeDeletedBefore(T0.minus(Duration.ofDays(30)));

    assertThat(store().find(tenant, new SecretName("old"))).isEmpty();
    assertThat(store().find(tenant, new SecretName("recent"))).isPresent();
  }
}
