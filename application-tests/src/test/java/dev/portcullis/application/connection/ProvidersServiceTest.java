package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.RegisterProvider.ProviderRequest;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider registry of a tenant: who may change it, what is checked at once (discovery, egress), and what a move does to the tokens it holds. */
class ProvidersServiceTest {
  private final TokenVault vault = new TokenVault();
  private final RequestContext providerAdmin = client(ACME, "providers:write");

  private static ProviderRequest byIssuer(String name, String issuer, Optional<String> secret) {
    return new ProviderRequest(Optional.of(name), Optional.of(issuer), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("portcullis-client"), Optional.of("client_secret_basic"), secret.map(SecretBytes::ofUtf8),
        Optional.empty(), Optional.empty(), Optional.of(List.of("read")), Optional.of(List.of("client_credentials")), Optional.empty(), Optional.empty());
  }

  private static ProviderRequest byTokenEndpoint(String name, String tokenEndpoint) {
    return new ProviderRequest(Optional.of(name), Optional.empty(), Optional.empty(), Optional.of(tokenEndpoint), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("portcullis-client"), Optional.of("client_secret_basic"), Optional.of(SecretBytes.ofUtf8("s")),
        Optional.empty(), Optional.empty(), Optional.of(List.of("read")), Optional.of(List.of("client_credentials")), Optional.empty(), Optional.empty());
  }

  private Provider created(RequestContext caller, TenantId tenant, ProviderRequest request) {
    return ((ConnectionOutcome.Ok<Provider>) vault.registry.create(caller, tenant, request)).value();
  }

  @Test
  void a_provider_registered_by_issuer_is_discovered_at_once_and_its_secret_sealed_and_the_change_audited() {
    Provider provider = created(providerAdmin, ACME, byIssuer("github", ScriptedProvider.ISSUER.toString(), Optional.of("provider-secret-SENTINEL")));

    assertThat(provider.endpoints()).isEmpty();
    assertThat(provider.issuer()).hasValue(ScriptedProvider.ISSUER);
    assertThat(provider.clientSecret()).isPresent();
    assertThat(provider.toString()).doesNotContain("provider-secret-SENTINEL");
    assertThat(vault.platform.audited(ACME, AuditAction.PROVIDER_CREATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void an_issuer_whose_discovery_fails_is_refused_at_registration_not_at_the_first_connection() {
    vault.provider.discovering(new ProviderOAuth.Discovery.Invalid("the issuer in the document is another"));

    ConnectionOutcome<Provider> outcome = vault.registry.create(providerAdmin, ACME, byIssuer("x", ScriptedProvider.ISSUER.toString(), Optional.of("s")));

    assertThat(outcome).isInstanceOf(ConnectionOutcome.Invalid.class);
    assertThat(vault.providers.list(ACME, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void ssrf_an_endpoint_or_issuer_the_egress_policy_refuses_is_invalid_and_nothing_is_fetched_or_stored() {
    ConnectionOutcome<Provider> byEndpoint = vault.registry.create(providerAdmin, ACME, byTokenEndpoint("meta", "https://" + Grants.INTERNAL_HOST + "/token"));
    ConnectionOutcome<Provider> byIssuer = vault.registry.create(providerAdmin, ACME, byIssuer("meta2", "https://" + Grants.INTERNAL_HOST, Optional.of("s")));

    assertThat(byEndpoint).isInstanceOfSatisfying(ConnectionOutcome.Invalid.class, invalid -> assertThat(invalid.message()).contains("not public"));
    assertThat(byIssuer).isInstanceOf(ConnectionOutcome.Invalid.class);
    assertThat(vault.providers.list(ACME, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void a_credential_without_providers_write_cannot_register_update_or_delete_and_another_tenant_sees_nothing() {
    Provider provider = vault.aProvider(ACME, "client_credentials");
    RequestContext reader = client(ACME, "connections:write", "connections:token");

    assertThat(vault.registry.create(reader, ACME, byIssuer("x", ScriptedProvider.ISSUER.toString(), Optional.of("s")))).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.registry.update(reader, ACME, provider.id(), byIssuer("x", ScriptedProvider.ISSUER.toString(), Optional.of("s"))))
        .isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.registry.delete(reader, ACME, provider.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.PROVIDER_DELETE, AuditOutcome.DENIED)).isTrue();
    assertThat(vault.registry.get(client(GLOBEX, "providers:write"), ACME, provider.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.registry.get(admin(), GLOBEX, provider.id())).as("by another tenant's path").isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.registry.delete(admin(), GLOBEX, provider.id())).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.providers.find(provider.id())).isPresent();
  }

  @Test
  void a_provider_moved_to_another_destination_needs_its_secret_again_and_its_connections_need_reauthorization() {
    Provider provider = created(admin(), ACME, byTokenEndpoint("api", "https://provider.example/token"));
    Connection connection = vault.connect.connect(admin(), ACME, provider.id(), Connections.request("client_credentials")) instanceof ConnectionOutcome.Ok<?> ok
        ? ((dev.portcullis.application.connection.port.in.ConnectWithoutBrowser.Connected) ok.value()).connection() : null;
    assertThat(connection).isNotNull();
    ProviderRequest moved = new ProviderRequest(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.of("https://elsewhere.example/token"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("portcullis-client"), Optional.of("client_secret_basic"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(List.of("read")), Optional.of(List.of("client_credentials")), Optional.empty(), Optional.empty());

    assertThat(vault.registry.update(admin(), ACME, provider.id(), moved)).as("a stored secret never goes to a new destination")
        .isInstanceOf(ConnectionOutcome.Invalid.class);
    ProviderRequest movedWithSecret = byTokenEndpoint("api", "https://elsewhere.example/token");
    assertThat(vault.registry.update(admin(), ACME, provider.id(), movedWithSecret)).isInstanceOf(ConnectionOutcome.Ok.class);

    Connection after = vault.connections.find(connection.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(Connection.Status.NEEDS_REAUTH);
    assertThat(after.tokens()).as("tokens of the old destination forgotten").isEmpty();
  }

  @Test
  void names_are_unique_per_tenant_and_listing_pages_with_a_cursor() {
    created(admin(), ACME, byTokenEndpoint("a", "https://provider.example/token"));
    created(admin(), ACME, byTokenEndpoint("b", "https://provider.example/token"));
    created(admin(), ACME, byTokenEndpoint("c", "https://provider.example/token"));
    created(admin(), GLOBEX, byTokenEndpoint("a", "https://provider.example/token"));

    assertThat(vault.registry.create(admin(), ACME, byTokenEndpoint("a", "https://provider.example/token"))).isInstanceOf(ConnectionOutcome.Conflict.class);
    var first = ((ConnectionOutcome.Ok<ListProviders.Listing>) vault.registry.list(admin(), ACME, Optional.empty(), 2)).value();
    var second = ((ConnectionOutcome.Ok<ListProviders.Listing>) vault.registry.list(admin(), ACME, first.nextCursor(), 2)).value();
    assertThat(first.providers()).hasSize(2);
    assertThat(second.providers()).hasSize(1);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(vault.registry.list(admin(), ACME, Optional.empty(), 101)).isInstanceOf(ConnectionOutcome.Invalid.class);
  }

  @Test
  void a_refresh_buffer_is_stored_kept_by_an_update_that_does_not_name_it_and_bounded() {
    ProviderRequest request = byTokenEndpoint("api", "https://provider.example/token");
    ProviderRequest withBuffer = new ProviderRequest(request.name(), request.issuer(), request.authorizationEndpoint(), request.tokenEndpoint(),
        request.revocationEndpoint(), request.userinfoEndpoint(), request.deviceAuthorizationEndpoint(), request.jwksUri(), request.clientId(),
        request.authMethod(), request.clientSecret(), request.assertionAlgorithm(), request.privateJwk(), request.scopes(), request.grantTypes(),
        request.returnUrls(), Optional.of(600L));
    ProviderRequest tooLong = new ProviderRequest(request.name(), request.issuer(), request.authorizationEndpoint(), request.tokenEndpoint(),
        request.revocationEndpoint(), request.userinfoEndpoint(), request.deviceAuthorizationEndpoint(), request.jwksUri(), request.clientId(),
        request.authMethod(), request.clientSecret(), request.assertionAlgorithm(), request.privateJwk(), request.scopes(), request.grantTypes(),
        request.returnUrls(), Optional.of(7_200L));

    Provider provider = created(admin(), ACME, withBuffer);
    vault.registry.update(admin(), ACME, provider.id(), byTokenEndpoint("api-renamed", "https://provider.example/token"));

    assertThat(vault.providers.find(provider.id()).orElseThrow().refreshBuffer()).hasValue(java.time.Duration.ofMinutes(10));
    assertThat(vault.registry.create(admin(), ACME, tooLong)).isInstanceOfSatisfying(ConnectionOutcome.Invalid.class,
        invalid -> assertThat(invalid.message()).contains("refresh_buffer_seconds"));
  }
}
