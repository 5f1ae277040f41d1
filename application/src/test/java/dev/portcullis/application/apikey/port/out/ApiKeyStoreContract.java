package dev.portcullis.application.apikey.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do. Ids and tenants are unique per test, so stores need no reset. */
public interface ApiKeyStoreContract {
  ApiKeyStore store();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  default String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  default TenantId tenant() {
    return new TenantId("t-" + hex(6));
  }

  default ApiKey key(TenantId tenant, String id) {
    PresentedKey presented = new PresentedKey("pcl", id, hex(32));
    return new ApiKey(id, tenant, "ci key", Set.of("orders:read", "orders:write"),
        new ApiKeyIdentity("user-7", Optional.of("dev@example.com"), Optional.of("Dev"), List.of("team-a", "admins")),
        List.of("https://app.example.com"), Optional.of(T0.plusSeconds(86_400)), T0, Optional.empty(), Optional.empty(), presented.secretHash(), "pcl",
        presented.fingerprint(), Optional.empty());
  }

  @Test
  default void a_key_is_found_by_its_id_with_every_field() {
    ApiKey key = key(tenant(), hex(8));
    store().add(key);

    assertThat(store().find(key.id())).hasValue(key);
    assertThat(store().find(hex(8))).isEmpty();
  }

  @Test
  default void update_replaces_the_key_and_reports_a_missing_one() {
    ApiKey key = key(tenant(), hex(8));
    store().add(key);

    ApiKey revoked = key.revoked(T0.plusSeconds(60)).withDetails("renamed", Set.of("orders:read"), List.of(), Optional.empty());
    assertThat(store().update(revoked)).isTrue();

    assertThat(store().find(key.id())).hasValue(revoked);
    assertThat(store().update(key(tenant(), hex(8)))).isFalse();
  }

  @Test
  default void list_pages_a_tenants_keys_in_id_order_and_never_another_tenants() {
    TenantId tenant = tenant();
    List<String> ids = List.of("0000" + hex(6), "4000" + hex(6), "8000" + hex(6));
    ids.forEach(id -> store().add(key(tenant, id)));
    store().add(key(tenant(), "2000" + hex(6)));

    List<ApiKey> first = store().list(tenant, Optional.empty(), 2);
    List<ApiKey> rest = store().list(tenant, Optional.of(first.get(1).id()), 2);

    assertThat(first).extracting(ApiKey::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(rest).extracting(ApiKey::id).containsExactly(ids.get(2));
  }

  @Test
  default void touch_sets_last_used_in_one_batch_and_never_moves_it_backwards() {
    ApiKey a = key(tenant(), hex(8));
    ApiKey b = key(tenant(), hex(8));
    store().add(a);
    store().add(b);

    store().touch(Map.of(a.id(), T0.plusSeconds(100), b.id(), T0.plusSeconds(200), hex(8), T0));
    store().touch(Map.of(a.id(), T0.plusSeconds(50)));

    assertThat(store().find(a.id()).orElseThrow().lastUsedAt()).hasValue(T0.plusSeconds(100));
    assertThat(store().find(b.id()).orElseThrow().lastUsedAt()).hasValue(T0.plusSeconds(200));
  }

  @Test
  default void the_secret_itself_is_never_part_of_what_is_stored() {
    PresentedKey presented = new PresentedKey("pcl", hex(8), hex(32));
    ApiKey key = new ApiKey(presented.keyId(), tenant(), "n", Set.of(), new ApiKeyIdentity("s", Optional.empty(), Optional.empty(), List.of()),
        List.of(), Optional.empty(), T0, Optional.empty(), Optional.empty(), presented.secretHash(), "pcl", presented.fingerprint(), Optional.empty());
    store().add(key);

    ApiKey stored = store().find(key.id()).orElseThrow();
    assertThat(stored.toString()).doesNotContain(presented.secret());
    assertThat(stored.secretMatches(presented.secretHash())).isTrue();
    assertThat(HexFormat.of().formatHex(stored.secretHash())).isNotEqualTo(presented.secret());
  }
}
