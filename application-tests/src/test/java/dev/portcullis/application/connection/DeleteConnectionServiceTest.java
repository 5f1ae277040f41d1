package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeleteConnectionServiceTest {
  private final TokenVault vault = new TokenVault();

  @Test
  void rfc7009_the_refresh_token_is_revoked_at_the_provider_before_the_connection_is_deleted() {
    vault.provider.answering(ScriptedProvider.tokens("at-9", Duration.ofHours(1)));
    Connection connection = Connections.aClientCredentialsConnection(vault, ACME).connection();

    assertThat(vault.delete.delete(admin(), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Ok.class);

    assertThat(vault.provider.revoked).containsExactly("refresh-at-9");
    assertThat(vault.connections.find(connection.id())).isEmpty();
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_REVOKE, AuditOutcome.SUCCESS)).isTrue();
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_DELETE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void another_tenant_cannot_delete_it_and_a_reader_is_refused() {
    Connection connection = Connections.aClientCredentialsConnection(vault, ACME).connection();

    assertThat(vault.delete.delete(client(GLOBEX, "connections:write"), GLOBEX, connection.id())).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.delete.delete(client(ACME, "connections:read"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.delete.delete(admin(), ACME, "not-a-connection-id")).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.connections.find(connection.id())).isPresent();
    assertThat(vault.provider.revoked).isEmpty();
  }
}
