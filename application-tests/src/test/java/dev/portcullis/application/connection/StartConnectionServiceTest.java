package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.StartConnection.Authorization;
import dev.portcullis.application.connection.port.in.StartConnection.AuthorizeRequest;
import dev.portcullis.application.connection.port.out.ProviderOAuth.Discovery;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.application.fixtures.Query;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.session.Pkce;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartConnectionServiceTest {
  private final TokenVault vault = new TokenVault();
  private final Provider provider = vault.aProvider(ACME, "authorization_code", "refresh_token");

  private static AuthorizeRequest returningTo(URI returnUrl, String... scopes) {
    return new AuthorizeRequest(returnUrl, scopes.length == 0 ? Optional.empty() : Optional.of(List.of(scopes)), Optional.empty(), Optional.empty());
  }

  @Test
  void rfc6749_4_1_1_the_authorization_url_carries_the_client_the_callback_the_state_and_an_s256_challenge() {
    ConnectionOutcome<Authorization> outcome = vault.start.start(admin(), ACME, provider.id(), returningTo(TokenVault.RETURN_URL));

    Authorization authorization = ((ConnectionOutcome.Ok<Authorization>) outcome).value();
    URI url = authorization.authorizationUrl();
    assertThat(url.toString()).startsWith(ScriptedProvider.ENDPOINTS.authorization().orElseThrow().toString());
    Map<String, String> query = Query.of(url);
    assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "portcullis-client")
        .containsEntry("redirect_uri", TokenVault.CALLBACK.toString()).containsEntry("state", authorization.state())
        .containsEntry("code_challenge_method", "S256").containsEntry("scope", "read").doesNotContainKey("nonce");
    assertThat(Pkce.validChallenge(query.get("code_challenge"))).isTrue();
  }

  @Test
  void openid_connect_adds_a_nonce() {
    Authorization authorization = ((ConnectionOutcome.Ok<Authorization>) vault.start.start(admin(), ACME, provider.id(),
        returningTo(TokenVault.RETURN_URL, "openid", "read"))).value();

    assertThat(Query.of(authorization.authorizationUrl())).containsKey("nonce").containsEntry("scope", "openid read");
  }

  @Test
  void a_caller_without_connections_write_is_refused_and_the_refusal_audited() {
    assertThat(vault.start.start(client(ACME, "connections:read"), ACME, provider.id(), returningTo(TokenVault.RETURN_URL)))
        .isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_CREATE, AuditOutcome.DENIED)).isTrue();
  }

  @Test
  void another_tenants_provider_is_not_found() {
    assertThat(vault.start.start(client(GLOBEX, "connections:write"), GLOBEX, provider.id(), returningTo(TokenVault.RETURN_URL)))
        .isInstanceOf(ConnectionOutcome.NotFound.class);
  }

  @Test
  void open_redirect_a_return_url_the_provider_did_not_register_is_refused() {
    assertThat(vault.start.start(admin(), ACME, provider.id(), returningTo(URI.create("https://attacker.example/steal"))))
        .isInstanceOf(ConnectionOutcome.Invalid.class);
  }

  @Test
  void a_provider_without_the_authorization_code_grant_cannot_start_a_browser_connection() {
    Provider machines = vault.aProvider(ACME, "client_credentials");

    assertThat(vault.start.start(admin(), ACME, machines.id(), returningTo(TokenVault.RETURN_URL))).isInstanceOf(ConnectionOutcome.Invalid.class);
  }

  @Test
  void an_unreachable_provider_is_unavailable_and_an_invalid_discovery_document_is_the_providers_fault() {
    vault.provider.discovering(new Discovery.Unavailable("the provider could not be reached"));
    assertThat(vault.start.start(admin(), ACME, provider.id(), returningTo(TokenVault.RETURN_URL))).isInstanceOf(ConnectionOutcome.Unavailable.class);

    Provider other = vault.aProvider(ACME, "authorization_code");
    vault.provider.discovering(new Discovery.Invalid("no discovery document was found at the issuer"));
    assertThat(vault.start.start(admin(), ACME, other.id(), returningTo(TokenVault.RETURN_URL))).isInstanceOf(ConnectionOutcome.ProviderMalformed.class);
  }
}
