package dev.portcullis.application.connection.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.connection.AssertionKey;
import dev.portcullis.domain.connection.ClientAuthMethod;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ProviderStore} must do. Tenants are unique per test. */
public interface ProviderStoreContract {
  ProviderStore store();

  Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static TenantId tenant() {
    return new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static Provider full(String id, TenantId tenant, String name) {
    return new Provider(id, tenant, name, Optional.of(URI.create("https://idp.example.com")), Optional.of(new ProviderEndpoints(
        Optional.of(URI.create("https://idp.example.com/auth")), URI.create("https://idp.example.com/token"), Optional.of(URI.create("https://idp.example.com/revoke")),
        Optional.empty(), Optional.of(URI.create("https://idp.example.com/device")), Optional.of(URI.create("https://idp.example.com/jwks")))),
        "client-1", ClientAuthMethod.PRIVATE_KEY_JWT, Optional.of(new SealedValue(new byte[] {1, 2}, new byte[] {3}, "kek-1")),
        Optional.of(new AssertionKey("kid-1", "ES384", "{\"kty\":\"EC\"}", new SealedValue(new byte[] {9}, new byte[] {8}, "kek-2"))), List.of("openid", "email"),
        Set.of("authorization_code", "refresh_token"), List.of(URI.create("https://app.example.com/done")), T0, T0.plusSeconds(5),
        Optional.of(java.time.Duration.ofMinutes(10)));
  }

  static Provider minimal(String id, TenantId tenant, String name) {
    return new Provider(id, tenant, name, Optional.of(URI.create("https://idp.example.com")), Optional.empty(), "client-2", ClientAuthMethod.NONE,
        Optional.empty(), Optional.empty(), List.of(), Set.of("client_credentials"), List.of(), T0, T0);
  }

  @Test
  default void every_field_round_trips_present_and_absent() {
    TenantId tenant = tenant();
    Provider full = full("prv_full-" + UUID.randomUUID(), tenant, "full");
    Provider minimal = minimal("prv_min-" + UUID.randomUUID(), tenant, "min");

    assertThat(store().add(full)).isTrue();
    assertThat(store().add(minimal)).isTrue();

    assertThat(store().find(full.id())).hasValue(full);
    assertThat(store().find(minimal.id())).hasValue(minimal);
    assertThat(store().find("prv_nobody")).isEmpty();
  }

  @Test
  default void names_are_unique_per_tenant_on_add_and_update() {
    TenantId tenant = tenant();
    Provider first = minimal("prv_a-" + UUID.randomUUID(), tenant, "github");
    Provider second = minimal("prv_b-" + UUID.randomUUID(), tenant, "google");
    store().add(first);
    store().add(second);

    assertThat(store().add(minimal("prv_c-" + UUID.randomUUID(), tenant, "github"))).isFalse();
    assertThat(store().add(minimal("prv_d-" + UUID.randomUUID(), tenant(), "github"))).as("another tenant").isTrue();
    assertThat(store().update(minimal(second.id(), tenant, "github"))).isFalse();
    assertThat(store().update(minimal(second.id(), tenant, "gitlab"))).isTrue();
    assertThat(store().find(second.id()).orElseThrow().name()).isEqualTo("gitlab");
    assertThat(store().update(minimal("prv_missing", tenant, "x"))).isFalse();
  }

  @Test
  default void list_is_by_id_with_a_cursor_and_a_limit_within_the_tenant_and_delete_removes() {
    TenantId tenant = tenant();
    for (String id : List.of("prv_3", "prv_1", "prv_2")) {
      store().add(minimal(id + "-" + tenant.value(), tenant, "n" + id));
    }
    store().add(minimal("prv_0-" + UUID.randomUUID(), tenant(), "other"));

    List<Provider> first = store().list(tenant, Optional.empty(), 2);
    assertThat(first).extracting(Provider::id).containsExactly("prv_1-" + tenant.value(), "prv_2-" + tenant.value());
    assertThat(store().list(tenant, Optional.of(first.get(1).id()), 2)).extracting(Provider::id).containsExactly("prv_3-" + tenant.value());
    assertThat(store().delete("prv_1-" + tenant.value())).isTrue();
    assertThat(store().delete("prv_1-" + tenant.value())).isFalse();
    assertThat(store().list(tenant, Optional.empty(), 10)).hasSize(2);
  }
}
