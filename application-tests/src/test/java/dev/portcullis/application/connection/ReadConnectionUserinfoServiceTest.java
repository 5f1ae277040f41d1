package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.out.ProviderOAuth.Discovery;
import dev.portcullis.application.connection.port.out.ProviderOAuth.Metadata;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.out.ProviderOAuth.UserinfoResult;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.ProviderEndpoints;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OIDC Core §5.3 through a connection: the token use case's rules first, then the provider's userinfo endpoint. */
class ReadConnectionUserinfoServiceTest {
  private final TokenVault vault = new TokenVault();

  private Connection connectedWith(Duration lifetime) {
    vault.provider.answering(ScriptedProvider.tokens("at-1", lifetime));
    return Connections.aPasswordConnection(vault, ACME).connection();
  }

  @Test
  void oidc_core_5_3_the_claims_come_back_asked_with_the_connections_access_token() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answeringUserinfo(new UserinfoResult.Claims(Map.of("sub", "u-42", "email", "u42@example.com")));

    var outcome = vault.userinfo.userinfo(client(ACME, "connections:token"), ACME, connection.id());

    assertThat(outcome).isEqualTo(new ConnectionOutcome.Ok<>(Map.of("sub", "u-42", "email", "u42@example.com")));
    assertThat(vault.provider.userinfoCalls).containsExactly("at-1");
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_USERINFO, AuditOutcome.SUCCESS)).isTrue();
    assertThat(vault.platform.audit(ACME)).noneMatch(r -> r.event().detail().contains("u42@example.com") || r.event().target().contains("u42"));
  }

  @Test
  void a_token_inside_the_refresh_buffer_is_refreshed_before_userinfo_is_asked() {
    Connection connection = connectedWith(Duration.ofMinutes(1));
    vault.platform.clock.advance(Duration.ofSeconds(45));
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)));

    assertThat(vault.userinfo.userinfo(admin(), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Ok.class);
    assertThat(vault.provider.userinfoCalls).containsExactly("at-2");
  }

  @Test
  void rfc6750_3_1_a_refused_token_is_refreshed_once_and_asked_again_and_a_second_refusal_is_a_provider_error() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answering(ScriptedProvider.tokens("at-2", Duration.ofHours(1)), ScriptedProvider.tokens("at-3", Duration.ofHours(1)));
    vault.provider.answeringUserinfo(new UserinfoResult.TokenRefused());

    assertThat(vault.userinfo.userinfo(admin(), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Ok.class);
    assertThat(vault.provider.userinfoCalls).containsExactly("at-1", "at-2");

    vault.provider.answeringUserinfo(new UserinfoResult.TokenRefused(), new UserinfoResult.TokenRefused());
    assertThat(vault.userinfo.userinfo(admin(), ACME, connection.id())).isInstanceOfSatisfying(ConnectionOutcome.ProviderRejected.class,
        rejected -> assertThat(rejected.error()).isEqualTo("invalid_token"));
    assertThat(vault.provider.userinfoCalls).as("once more, not in a loop").hasSize(4);
    assertThat(vault.decisions.count("provider", "userinfo", "token_refused")).as("every provider call is counted by operation and outcome").isEqualTo(3);
    assertThat(vault.decisions.count("provider", "userinfo", "ok")).isEqualTo(1);
    assertThat(vault.decisions.count("provider", "token", "ok")).as("the connection's own token and the forced refreshes").isEqualTo(3);
  }

  @Test
  void a_refused_refresh_token_is_needs_reauth_and_an_outage_is_unavailable_as_for_the_token() {
    Connection connection = connectedWith(Duration.ofHours(1));
    vault.provider.answering(new TokenResult.Rejected("invalid_grant", "revoked"));
    vault.provider.answeringUserinfo(new UserinfoResult.TokenRefused());

    assertThat(vault.userinfo.userinfo(admin(), ACME, connection.id())).isInstanceOfSatisfying(ConnectionOutcome.Conflict.class,
        conflict -> assertThat(conflict.type()).isEqualTo("needs_reauth"));

    Connection other = connectedWith(Duration.ofHours(1));
    vault.provider.answeringUserinfo(new UserinfoResult.Failed(new TokenResult.Unavailable(Duration.ofSeconds(4), "down")));
    assertThat(vault.userinfo.userinfo(admin(), ACME, other.id())).isEqualTo(new ConnectionOutcome.Unavailable<>(Duration.ofSeconds(4), "down"));
  }

  @Test
  void only_a_holder_of_connections_token_in_the_tenant_reads_userinfo_and_the_provider_is_not_asked_otherwise() {
    Connection connection = connectedWith(Duration.ofHours(1));

    assertThat(vault.userinfo.userinfo(client(ACME, "connections:read", "connections:write"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.userinfo.userinfo(client(GLOBEX, "connections:token"), GLOBEX, connection.id())).isInstanceOf(ConnectionOutcome.NotFound.class);
    assertThat(vault.userinfo.userinfo(client(GLOBEX, "connections:token"), ACME, connection.id())).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vault.provider.userinfoCalls).isEmpty();
  }

  @Test
  void a_provider_without_a_userinfo_endpoint_is_a_clear_conflict() {
    ProviderEndpoints none = new ProviderEndpoints(ScriptedProvider.ENDPOINTS.authorization(), ScriptedProvider.ENDPOINTS.token(),
        ScriptedProvider.ENDPOINTS.revocation(), Optional.empty(), ScriptedProvider.ENDPOINTS.deviceAuthorization(), ScriptedProvider.ENDPOINTS.jwks());
    vault.provider.discovering(new Discovery.Found(new Metadata(Optional.of(ScriptedProvider.ISSUER.toString()), none)));
    Connection connection = connectedWith(Duration.ofHours(1));

    assertThat(vault.userinfo.userinfo(admin(), ACME, connection.id())).isInstanceOfSatisfying(ConnectionOutcome.Conflict.class,
        conflict -> assertThat(conflict.type()).isEqualTo("userinfo_unsupported"));
  }
}
