package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser.Connected;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.portcullis.domain.connection.Connection;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading connections: by permission and tenant, paged; the status is there, the tokens are not. */
class ConnectionQueriesTest {
  private final TokenVault vault = new TokenVault();

  @Test
  void a_reader_gets_a_connection_of_its_tenant_with_its_status_and_its_tokens_only_sealed() {
    vault.provider.answering(ScriptedProvider.tokens("PROVIDER-ACCESS-SENTINEL", Duration.ofHours(1)));
    Connected connected = Connections.aClientCredentialsConnection(vault, ACME);

    var found = vault.queries.get(client(ACME, "connections:read"), ACME, connected.connection().id());

    Connection connection = ((ConnectionOutcome.Ok<Connection>) found).value();
    assertThat(connection.status()).isEqualTo(Connection.Status.ACTIVE);
    assertThat(connection.providerId()).isEqualTo(connected.connection().providerId());
    assertThat(new String(connection.tokens().orElseThrow().ciphertext(), StandardCharsets.ISO_8859_1) + connection)
        .as("sealed; only the token use case opens them").doesNotContain("PROVIDER-ACCESS-SENTINEL");
  }

  @Test
  void without_connections_read_or_from_another_tenant_a_connection_is_denied_or_not_found() {
    Connected connected = Connections.aClientCredentialsConnection(vault, ACME);
    String id = connected.connection().id();

    assertThat(vault.queries.get(client(ACME, "secrets:read", "connections:token"), ACME, id)).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.queries.get(client(GLOBEX, "connections:read"), ACME, id)).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.queries.get(client(GLOBEX, "connections:read"), GLOBEX, id)).as("by its own tenant's path").isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.queries.list(client(GLOBEX, "connections:read"), GLOBEX, Optional.empty(), Optional.empty(), 10))
        .isEqualTo(new ConnectionOutcome.Ok<>(new ListConnections.Listing(java.util.List.of(), Optional.empty())));
  }

  @Test
  void listing_pages_with_a_cursor_and_filters_by_provider_and_bounds_the_page_size() {
    Connected a = Connections.aClientCredentialsConnection(vault, ACME);
    Connections.aClientCredentialsConnection(vault, ACME);
    Connections.aClientCredentialsConnection(vault, ACME);

    var first = ((ConnectionOutcome.Ok<ListConnections.Listing>) vault.queries.list(client(ACME, "connections:read"), ACME, Optional.empty(), Optional.empty(), 2)).value();
    var rest = ((ConnectionOutcome.Ok<ListConnections.Listing>) vault.queries.list(client(ACME, "connections:read"), ACME, Optional.empty(), first.nextCursor(), 2)).value();
    var ofProvider = ((ConnectionOutcome.Ok<ListConnections.Listing>) vault.queries.list(client(ACME, "connections:read"), ACME,
        Optional.of(a.connection().providerId()), Optional.empty(), 10)).value();

    assertThat(first.connections()).hasSize(2);
    assertThat(rest.connections()).hasSize(1).doesNotContainAnyElementsOf(first.connections());
    assertThat(ofProvider.connections()).extracting(Connection::id).containsExactly(a.connection().id());
    assertThat(vault.queries.list(client(ACME, "connections:read"), ACME, Optional.empty(), Optional.empty(), 0)).isInstanceOf(ConnectionOutcome.Invalid.class);
  }
}
