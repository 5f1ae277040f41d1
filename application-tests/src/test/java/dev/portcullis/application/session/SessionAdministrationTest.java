package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SHOP;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.session.port.in.EndSession.Ended;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.domain.audit.AuditAction;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /v1/tenants/{tenant}/sessions}: only the administrator lists and ends sessions, by tenant. */
class SessionAdministrationTest {
  private final BrowserSessions sessions = new BrowserSessions();

  @Test
  void the_administrator_lists_a_tenants_sessions_by_subject_and_ends_one_with_every_token_it_issued() {
    TokenOutcome.Issued issued = sessions.tokens();
    String sid = sessions.sessionOf(issued.accessToken());

    assertThat(sessions.node.administration().list(admin(), SHOP, Optional.of("bob-sub")).orElseThrow()).extracting(s -> s.id()).containsExactly(sid);
    assertThat(sessions.node.administration().list(admin(), SHOP, Optional.of("alice")).orElseThrow()).isEmpty();

    assertThat(sessions.node.administration().end(admin(), SHOP, sid)).isEqualTo(Ended.ENDED);
    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isEmpty();
    assertThat(sessions.refresh(issued.refreshToken())).isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(sessions.platform.audit(SHOP)).anyMatch(r -> r.event().action() == AuditAction.SESSION_END);
  }

  @Test
  void a_tenant_credential_cannot_list_or_end_sessions_not_even_of_its_own_tenant() {
    TokenOutcome.Issued issued = sessions.tokens();
    String sid = sessions.sessionOf(issued.accessToken());
    var tenantCaller = client(SHOP, "secrets:write", "api-keys:write", "connections:write");

    assertThat(sessions.node.administration().list(tenantCaller, SHOP, Optional.empty())).isEmpty();
    assertThat(sessions.node.administration().end(tenantCaller, SHOP, sid)).isEqualTo(Ended.DENIED);
    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isPresent();
  }

  @Test
  void a_session_is_ended_only_through_its_own_tenant() {
    TokenOutcome.Issued issued = sessions.tokens();
    String sid = sessions.sessionOf(issued.accessToken());

    assertThat(sessions.node.administration().end(admin(), ACME, sid)).isEqualTo(Ended.NOT_FOUND);
    assertThat(sessions.node.administration().list(admin(), ACME, Optional.empty()).orElseThrow()).isEmpty();
    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isPresent();
  }
}
