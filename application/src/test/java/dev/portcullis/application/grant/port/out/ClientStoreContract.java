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
