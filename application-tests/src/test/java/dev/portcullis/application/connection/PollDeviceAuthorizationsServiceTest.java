package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.fixtures.Connections;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 8628 §3.4–3.5 in the background: the device code is polled no faster than the provider allows. */
class PollDeviceAuthorizationsServiceTest {
  private final TokenVault vault = new TokenVault();
  private final Connection pending = Connections.aPendingDeviceConnection(vault, ACME).connection(); // interval 5 s, expires in 10 min

  private Connection current() {
    return vault.connections.find(pending.id()).orElseThrow();
  }

  @Test
  void nothing_is_polled_before_the_interval_has_passed() {
    vault.platform.clock.advance(Duration.ofSeconds(4));

    assertThat(vault.poll.poll()).isZero();
    assertThat(vault.provider.tokenCalls).isEmpty();
  }

  @Test
  void rfc8628_3_4_the_sealed_device_code_is_sent_and_authorization_pending_keeps_the_interval() {
    vault.provider.answering(new TokenResult.Rejected("authorization_pending", ""));
    vault.platform.clock.advance(Duration.ofSeconds(5));

    assertThat(vault.poll.poll()).isEqualTo(1);

    assertThat(vault.provider.lastTokenCall().parameters()).containsEntry("grant_type", Provider.DEVICE_CODE).containsEntry("device_code", "device-code-1");
    assertThat(current().status()).isEqualTo(Connection.Status.PENDING);
    assertThat(current().device().orElseThrow().nextPollAt()).isEqualTo(vault.platform.clock.instant().plusSeconds(5));
  }

  @Test
  void rfc8628_3_5_slow_down_adds_five_seconds_to_the_interval_from_then_on() {
    vault.provider.answering(new TokenResult.Rejected("slow_down", ""));
    vault.platform.clock.advance(Duration.ofSeconds(5));

    vault.poll.poll();

    assertThat(current().device().orElseThrow().interval()).isEqualTo(Duration.ofSeconds(10));
    vault.platform.clock.advance(Duration.ofSeconds(9));
    assertThat(vault.poll.poll()).as("not before the grown interval").isZero();
  }

  @Test
  void the_users_approval_makes_the_connection_active_with_its_tokens() {
    vault.provider.answering(ScriptedProvider.tokens("at-device", Duration.ofHours(1)));
    vault.platform.clock.advance(Duration.ofSeconds(5));

    vault.poll.poll();

    assertThat(current().status()).isEqualTo(Connection.Status.ACTIVE);
    assertThat(current().tokens()).isPresent();
    assertThat(current().accessExpiresAt()).contains(vault.platform.clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void rfc8628_3_5_access_denied_fails_the_connection_and_is_audited() {
    vault.provider.answering(new TokenResult.Rejected("access_denied", "the user said no"));
    vault.platform.clock.advance(Duration.ofSeconds(5));

    vault.poll.poll();

    assertThat(current().status()).isEqualTo(Connection.Status.FAILED);
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_CREATE, AuditOutcome.FAILURE)).isTrue();
  }

  @Test
  void an_expired_device_code_fails_without_asking_the_provider() {
    vault.platform.clock.advance(Duration.ofMinutes(10));

    vault.poll.poll();

    assertThat(current().status()).isEqualTo(Connection.Status.FAILED);
    assertThat(vault.provider.tokenCalls).isEmpty();
  }

  @Test
  void an_unreachable_provider_is_asked_again_no_sooner_than_its_retry_after() {
    vault.provider.answering(new TokenResult.Unavailable(Duration.ofSeconds(30), "down"));
    vault.platform.clock.advance(Duration.ofSeconds(5));

    vault.poll.poll();

    assertThat(current().status()).isEqualTo(Connection.Status.PENDING);
    assertThat(current().device().orElseThrow().nextPollAt()).isEqualTo(vault.platform.clock.instant().plusSeconds(30));
  }

  @Test
  void a_connection_leased_by_another_node_is_left_to_it() {
    vault.platform.clock.advance(Duration.ofSeconds(5));
    assertThat(vault.connections.lease(pending.id(), vault.platform.clock.instant().plusSeconds(15), vault.platform.clock.instant())).isTrue();

    assertThat(vault.poll.poll()).isZero();
    assertThat(vault.provider.tokenCalls).isEmpty();
  }
}
