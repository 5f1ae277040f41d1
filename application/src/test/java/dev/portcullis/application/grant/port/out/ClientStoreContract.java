package dev.portcullis.application.grant.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

public interface ClientStoreContract {
  ClientStore store();

  static RegisteredClient client(String id) {
    ClientMetadata metadata = new ClientMetadata("app", List.of("authorization_code", "refresh_token"), List.of("code"),
        List.of(URI.create("https://app.example.com/cb")), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, Optional.empty(), Optional.empty(),
        Set.of("secrets:read", "openid"), new TenantId("acme"));
    return new RegisteredClient(id, metadata, Optional.of(CredentialHash.of("s3cret")), CredentialHash.of("reg-token"), Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  default void a_tenants_clients_are_listed_newest_first_in_pages_and_no_other_tenants() {
    TenantId tenant = new TenantId("list-" + Long.toHexString(System.nanoTime()));
    TenantId other = new TenantId("other-" + Long.toHexString(System.nanoTime()));
    for (int i = 0; i < 3; i++) {
      RegisteredClient base = client(tenant.value() + "-c" + i);
      store().add(new RegisteredClient(base.clientId(), withTenant(base.metadata(), tenant), base.secretHash(), base.registrationTokenHash(),
          Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i)));
    }
    RegisteredClient foreign = client(other.value() + "-c");
    store().add(new RegisteredClient(foreign.clientId(), withTenant(foreign.metadata(), other), foreign.secretHash(), foreign.registrationTokenHash(),
        foreign.issuedAt()));

    var first = store().list(tenant, 1, 2);
    var second = store().list(tenant, 2, 2);

    assertThat(first.total()).isEqualTo(3);
    assertThat(first.items()).extracting(RegisteredClient::clientId).containsExactly(tenant.value() + "-c2", tenant.value() + "-c1");
    assertThat(second.items()).extracting(RegisteredClient::clientId).containsExactly(tenant.value() + "-c0");
    assertThat(store().list(tenant, 3, 2).items()).isEmpty();
    assertThat(store().list(new TenantId("nobody-" + Long.toHexString(System.nanoTime())), 1, 10).total()).isZero();
  }

  private static ClientMetadata withTenant(ClientMetadata m, TenantId tenant) {
    return new ClientMetadata(m.clientName(), m.grantTypes(), m.responseTypes(), m.redirectUris(), m.authMethod(), m.jwks(), m.jwksUri(), m.scope(), tenant);
  }

  @Test
  default void a_registered_client_comes_back_with_every_field() {
    String id = "client-" + System.nanoTime();
    store().add(client(id));

    RegisteredClient found = store().find(id).orElseThrow();

    assertThat(found.metadata()).isEqualTo(client(id).metadata());
    assertThat(found.secretMatches(CredentialHash.of("s3cret"))).isTrue();
    assertThat(found.secretMatches(CredentialHash.of("other"))).isFalse();
    assertThat(found.registrationTokenMatches(CredentialHash.of("reg-token"))).isTrue();
    assertThat(found.issuedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  default void update_replaces_metadata_and_delete_removes() {
    String id = "client-" + System.nanoTime();
    store().add(client(id));
    ClientMetadata changed = new ClientMetadata("renamed", List.of("client_credentials"), List.of(), List.of(), TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        Optional.of("{\"keys\":[]}"), Optional.empty(), Set.of(), new TenantId("acme"));

    assertThat(store().update(client(id).approvedAs(changed, java.util.Optional.empty()))).isTrue();
    assertThat(store().find(id).orElseThrow().metadata()).isEqualTo(changed);
    assertThat(store().delete(id)).isTrue();
    assertThat(store().find(id)).isEmpty();
    assertThat(store().delete(id)).isFalse();
    assertThat(store().update(client(id))).isFalse();
  }

  @Test
  default void the_approved_registration_is_kept_when_the_client_narrows_itself() {
    String id = "client-" + System.nanoTime();
    RegisteredClient registered = client(id);
    store().add(registered);
    ClientMetadata narrower = new ClientMetadata("app", List.of("authorization_code"), List.of("code"), List.of(URI.create("https://app.example.com/cb")),
        TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, Optional.empty(), Optional.empty(), Set.of("openid"), new TenantId("acme"));

    RegisteredClient.Decision decision = store().find(id).orElseThrow().selfUpdate(narrower);
    store().update(((RegisteredClient.Decision.Updated) decision).client());

    RegisteredClient found = store().find(id).orElseThrow();
    assertThat(found.metadata().scope()).containsExactly("openid");
    assertThat(found.approved()).isEqualTo(registered.approved());
    assertThat(found.approved().scope()).containsExactlyInAnyOrder("secrets:read", "openid");
  }
}
