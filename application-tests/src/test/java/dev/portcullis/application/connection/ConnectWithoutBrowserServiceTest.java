package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser.ConnectRequest;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser.Connected;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.out.ProviderOAuth.ClientAuthentication;
import dev.portcullis.application.connection.port.out.ProviderOAuth.DeviceStart;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.SecretBytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectWithoutBrowserServiceTest {
  private final TokenVault vault = new TokenVault();

  @Test
  void rfc6749_4_4_client_credentials_authenticates_as_the_providers_client_and_stores_an_active_connection() {
    vault.provider.answering(ScriptedProvider.tokens("at-cc", Duration.ofMinutes(30)));

    Connection connection = Connections.aClientCredentialsConnection(vault, ACME).connection();

    ScriptedProvider.TokenCall call = vault.provider.lastTokenCall();
    assertThat(call.parameters()).containsEntry("grant_type", "client_credentials").containsEntry("scope", "read");
    assertThat(call.client()).isInstanceOfSatisfying(ClientAuthentication.SecretBasic.class,
        basic -> assertThat(basic.secret().revealUtf8()).isEqualTo("provider-client-secret"));
    assertThat(connection.status()).isEqualTo(Connection.Status.ACTIVE);
    assertThat(vault.connections.find(connection.id())).isPresent();
  }

  @Test
  void rfc8628_3_1_a_device_authorization_is_pending_and_tells_the_user_where_to_go() {
    Connected connected = Connections.aPendingDeviceConnection(vault, ACME);

    assertThat(connected.connection().status()).isEqualTo(Connection.Status.PENDING);
    assertThat(connected.device()).hasValueSatisfying(device -> {
      assertThat(device.userCode()).isEqualTo("WDJB-MJHT");
      assertThat(device.interval()).isEqualTo(Duration.ofSeconds(5));
    });
    assertThat(connected.connection().toString()).doesNotContain("device-code-1");
  }

  @Test
  void a_grant_the_provider_does_not_offer_and_browser_grants_are_refused() {
    Provider provider = vault.aProvider(ACME, "client_credentials");

    assertThat(vault.connect.connect(admin(), ACME, provider.id(), Connections.request("password"))).isInstanceOf(ConnectionOutcome.Invalid.class);
    assertThat(vault.connect.connect(admin(), ACME, provider.id(), Connections.request("authorization_code"))).isInstanceOf(ConnectionOutcome.Invalid.class);
    assertThat(vault.provider.tokenCalls).isEmpty();
  }

  @Test
  void extra_parameters_may_not_override_what_portcullis_sends() {
    Provider provider = vault.aProvider(ACME, "client_credentials");
    ConnectRequest smuggling = new ConnectRequest("client_credentials", Optional.empty(), Optional.empty(), Optional.empty(),
        Map.of("client_secret", "attacker"));

    assertThat(vault.connect.connect(admin(), ACME, provider.id(), smuggling)).isInstanceOf(ConnectionOutcome.Invalid.class);
    assertThat(vault.provider.tokenCalls).isEmpty();
  }

  @Test
  void the_password_is_sent_once_and_never_stored() {
    Provider provider = vault.aProvider(ACME, "password");
    ConnectRequest request = new ConnectRequest("password", Optional.of(List.of("read")), Optional.of("alice"), Optional.of(SecretBytes.ofUtf8("hunter2")),
        Map.of());

    Connection connection = ((ConnectionOutcome.Ok<Connected>) vault.connect.connect(admin(), ACME, provider.id(), request)).value().connection();

    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("username", "alice").containsEntry("password", "hunter2");
    assertThat(vault.connections.find(connection.id()).orElseThrow().toString()).doesNotContain("hunter2");
  }

  @Test
  void the_providers_refusal_and_outage_reach_the_caller_as_such() {
    Provider provider = vault.aProvider(ACME, "client_credentials");
    vault.provider.answering(new TokenResult.Rejected("invalid_client", "bad secret"));
    assertThat(vault.connect.connect(admin(), ACME, provider.id(), Connections.request("client_credentials")))
        .isInstanceOf(ConnectionOutcome.ProviderRejected.class);

    vault.provider.answering(new TokenResult.Unavailable(Duration.ofSeconds(7), "down"));
    assertThat(vault.connect.connect(admin(), ACME, provider.id(), Connections.request("client_credentials")))
        .isInstanceOfSatisfying(ConnectionOutcome.Unavailable.class, unavailable -> assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(7)));

    Provider devices = vault.aProvider(ACME, Provider.DEVICE_CODE);
    vault.provider.startingDevice(new DeviceStart.Failed(new TokenResult.Rejected("unauthorized_client", "")));
    assertThat(vault.connect.connect(admin(), ACME, devices.id(), Connections.request(Provider.DEVICE_CODE)))
        .isInstanceOf(ConnectionOutcome.ProviderRejected.class);
  }

  @Test
  void a_reader_may_not_connect() {
    Provider provider = vault.aProvider(ACME, "client_credentials");

    assertThat(vault.connect.connect(client(ACME, "connections:read"), ACME, provider.id(), Connections.request("client_credentials")))
        .isInstanceOf(ConnectionOutcome.Denied.class);
  }
}
