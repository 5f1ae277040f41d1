package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.IssueConnectionToken.AccessToken;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.connection.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IssueConnectionTokenServiceTest {
  private final TokenVault vault = new TokenVault();

  private Connection connectedWith(Duration lifetime) {
    vault.provider.answering(ScriptedProvider.tokens("at-1", lifetime));
    return Connections.aPasswordConnection(vault, ACME).connection();
  }

  private String issued(Connection connection) {
    return ((ConnectionOutcome.Ok<AccessToken>) vault.token.issue(admin(), ACME, connection.id())).value().accessToken();
  }

  @Test
  void a_token_with_time_left_is_handed_out_without_asking_the_provider() {
    Connection connection = connectedWith(Duration.ofHours(1));
    int calls = vault.provider.tokenCalls.size();

    assertThat(issued(connection)).isEqualTo("at-1");
    assertThat(vault.provider.tokenCalls).hasSize(calls);
  }

  @Test
  void rfc6749_6_a_token_inside_the_refresh_buffer_is_refreshed_with_the_stored_refresh_token_first() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)));
    vault.platform.clock.advance(Duration.ofMinutes(59).plusSeconds(31));

    assertThat(issued(connection)).isEqualTo("at-2");
    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "refresh-at-1");
    assertThat(issued(connection)).as("stored: no second refresh").isEqualTo("at-2");
  }

  @Test
  void a_refused_refresh_token_means_the_user_must_connect_again() {
    Connection connection = connectedWith(Duration.ofSeconds(10));
    vault.provider.answering(new TokenResult.Rejected("invalid_grant", "revoked"));

    assertThat(vault.token.issue(admin(), ACME, connection.id())).isInstanceOfSatisfying(ConnectionOutcome.Conflict.class,
        conflict -> assertThat(conflict.type()).isEqualTo("needs_reauth"));
    assertThat(vault.connections.find(connection.id()).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_REAUTH);
  }

  @Test
  void an_outage_during_refresh_is_unavailable_and_keeps_the_stored_refresh_token() {
    Connection connection = connectedWith(Duration.ofSeconds(10));
    vault.platform.clock.advance(Duration.ofSeconds(11)); // expired: nothing valid to hand out meanwhile
    vault.provider.answering(new TokenResult.Unavailable(Duration.ofSeconds(3), "down"));

    assertThat(vault.token.issue(admin(), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Unavailable.class);

    vault.provider.answering(ScriptedProvider.tokens("at-3", Duration.ofHours(1)));
    assertThat(issued(connection)).isEqualTo("at-3");
    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("refresh_token", "refresh-at-1");
  }

  @Test
  void a_client_credentials_connection_asks_for_a_new_token_by_the_same_grant_when_due() {
    vault.provider.answering(ScriptedProvider.tokens("at-cc", Duration.ofSeconds(20)));
    Connection connection = Connections.aClientCredentialsConnection(vault, ACME).connection();
    vault.provider.answering(ScriptedProvider.tokens("at-cc-2", Duration.ofHours(1)));

    assertThat(((ConnectionOutcome.Ok<AccessToken>) vault.token.issue(admin(), ACME, connection.id())).value().accessToken()).isEqualTo("at-cc-2");
    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("grant_type", "client_credentials");
  }

  @Test
  void only_a_holder_of_connections_token_in_the_tenant_gets_the_token() {
    Connection connection = connectedWith(Duration.ofHours(1));

    assertThat(vault.token.issue(client(ACME, "connections:read", "connections:write"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.token.issue(client(GLOBEX, "connections:token"), GLOBEX, connection.id())).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.token.issue(client(ACME, "connections:token"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Ok.class);
  }

  @Test
  void a_forced_refresh_replaces_a_token_the_third_party_refused_long_before_its_expiry() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)));

    var forced = vault.token.refresh(client(ACME, "connections:token"), ACME, connection.id());

    assertThat(((ConnectionOutcome.Ok<AccessToken>) forced).value().accessToken()).isEqualTo("at-2");
    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("grant_type", "refresh_token");
    assertThat(issued(connection)).as("the new token is the stored one").isEqualTo("at-2");
  }

  @Test
  void concurrent_forced_refreshes_of_one_connection_make_one_call_to_the_provider() throws Exception {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.platform.clock.advance(Duration.ofMinutes(1)); // the renewed token's expiry differs from the one every caller saw
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)));
    vault.provider.latency = Duration.ofMillis(300);
    int calls = vault.provider.tokenCalls.size();

    var results = dev.portcullis.application.testing.Race.of(8, () -> vault.token.refresh(admin(), ACME, connection.id()));

    assertThat(results).allSatisfy(result -> assertThat(((ConnectionOutcome.Ok<AccessToken>) result).value().accessToken()).isEqualTo("at-2"));
    assertThat(vault.provider.tokenCalls).as("single flight").hasSize(calls + 1);
  }

  @Test
  void a_forced_refresh_never_hands_back_the_old_token_an_outage_is_unavailable_and_no_way_to_refresh_is_needs_reauth() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answering(new TokenResult.Unavailable(Duration.ofSeconds(3), "down"));

    assertThat(vault.token.refresh(admin(), ACME, connection.id())).as("not the still-valid old token").isInstanceOf(ConnectionOutcome.Unavailable.class);
    assertThat(issued(connection)).as("the stored token is untouched by the failure").isEqualTo("at-1");

    vault.provider.answering(new TokenResult.Tokens("at-nr", "Bearer", java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.of(Duration.ofHours(1)), java.util.Optional.empty()));
    Connection withoutRefresh = Connections.aPasswordConnection(vault, ACME).connection();
    assertThat(vault.token.refresh(admin(), ACME, withoutRefresh.id())).isInstanceOfSatisfying(ConnectionOutcome.Conflict.class,
        conflict -> assertThat(conflict.type()).isEqualTo("needs_reauth"));
  }

  @Test
  void a_forced_refresh_needs_connections_token_in_the_connections_tenant() {
    Connection connection = connectedWith(Duration.ofHours(1));
    int calls = vault.provider.tokenCalls.size();

    assertThat(vault.token.refresh(client(ACME, "connections:write", "connections:read"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.token.refresh(client(GLOBEX, "connections:token"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.token.refresh(client(GLOBEX, "connections:token"), GLOBEX, connection.id())).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.provider.tokenCalls).as("no call to the provider").hasSize(calls);
  }

  @Test
  void a_providers_own_refresh_buffer_replaces_the_deployments_for_its_connections() {
    Connection connection = connectedWith(Duration.ofHours(1));
    var provider = vault.providers.find(connection.providerId()).orElseThrow();
    vault.providers.update(new dev.portcullis.domain.connection.Provider(provider.id(), provider.tenant(), provider.name(), provider.issuer(),
        provider.endpoints(), provider.clientId(), provider.authMethod(), provider.clientSecret(), provider.assertionKey(), provider.scopes(),
        provider.grantTypes(), provider.returnUrls(), provider.createdAt(), provider.updatedAt(), java.util.Optional.of(Duration.ofMinutes(10))));
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)));

    vault.platform.clock.advance(Duration.ofMinutes(45)); // 15 min left: outside the deployment's 30 s, inside the provider's 10 min? not yet
    assertThat(issued(connection)).isEqualTo("at-1");
    vault.platform.clock.advance(Duration.ofMinutes(6)); // 9 min left: inside the provider's 10 min buffer
    assertThat(issued(connection)).isEqualTo("at-2");
  }
}
