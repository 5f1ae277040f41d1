package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every {@link Decisions} must do: count each decision under its own labels, and nothing else. */
public interface DecisionsContract {
  Decisions decisions();

  /** How many times a decision was recorded under {@code meter} with these label values (names in docs/operations.md). */
  long count(String meter, String... labelValues);

  @Test
  default void each_decision_is_counted_under_its_own_labels() {
    Decisions decisions = decisions();
    decisions.tokenRequest("client_credentials", "issued", Duration.ofMillis(3));
    decisions.tokenRequest("client_credentials", "issued", Duration.ofMillis(4));
    decisions.tokenRequest("refresh_token", "invalid_grant", Duration.ofMillis(5));
    decisions.audited(AuditAction.SESSION_REUSE, AuditOutcome.DENIED);
    decisions.auditChainVerified(false);
    decisions.apiKeyVerified("valid", true);
    decisions.upstreamRenewal("unavailable", Duration.ofSeconds(1));
    decisions.refreshRead("memory");
    decisions.refreshRead("memory");
    decisions.refreshRead("store");
    decisions.providerCall("token", "rejected", Duration.ofMillis(20));
    decisions.rootKeyRewrapped(7);

    assertThat(count("token", "client_credentials", "issued")).isEqualTo(2);
    assertThat(count("token", "refresh_token", "invalid_grant")).isEqualTo(1);
    assertThat(count("token", "refresh_token", "issued")).isZero();
    assertThat(count("audit", "session.reuse", "denied")).isEqualTo(1);
    assertThat(count("audit-verify", "broken")).isEqualTo(1);
    assertThat(count("api-key", "valid", "hit")).isEqualTo(1);
    assertThat(count("upstream", "unavailable")).isEqualTo(1);
    assertThat(count("refresh-read", "memory")).isEqualTo(2);
    assertThat(count("refresh-read", "store")).isEqualTo(1);
    assertThat(count("provider", "token", "rejected")).isEqualTo(1);
    assertThat(count("root-key-rewrapped")).isEqualTo(7);
  }
}
