package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.REDIRECT;
import static dev.portcullis.application.fixtures.BrowserSessions.SHOP;
import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static dev.portcullis.application.fixtures.BrowserSessions.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.ScriptedUpstream;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.domain.audit.AuditAction;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.1.3 for a browser session: single use, bound to client, redirect URI and PKCE verifier; the answer is our own tokens only. */
class RedeemSessionCodeServiceTest {
  private final BrowserSessions sessions = new BrowserSessions();

  private TokenOutcome redeem(String clientId, String code, URI redirect, String verifier) {
    return sessions.node.redeem().redeem(clientId, code, redirect, verifier);
  }

  @Test
  void the_code_gets_a_bff_jwt_with_sid_and_the_users_claims_limited_by_the_upstream_token_and_never_an_upstream_token() {
    sessions.upstream.accessTtl = Duration.ofMinutes(10);

    TokenOutcome.Issued issued = (TokenOutcome.Issued) redeem(SPA, sessions.login(), REDIRECT, VERIFIER);

    var claims = sessions.grants.accessTokens.active(issued.accessToken()).orElseThrow();
    assertThat(claims.sessionId()).isPresent();
    assertThat(claims.subject()).isEqualTo("bob-sub");
    assertThat(claims.identity().email()).hasValue("bob@example.com");
    assertThat(issued.expiresIn()).as("min(15 min, upstream 10 min)").isEqualTo(Duration.ofMinutes(10));
    assertThat(issued.accessToken() + issued.refreshToken()).doesNotContain(ScriptedUpstream.ACCESS).doesNotContain(ScriptedUpstream.REFRESH);
  }

  @Test
  void rfc7636_4_6_a_wrong_verifier_another_redirect_uri_or_another_client_is_invalid_grant() {
    for (var attempt : new String[][] {{SPA, REDIRECT.toString(), "w".repeat(43)}, {SPA, "https://app.example.com/other", VERIFIER},
        {"another-client", REDIRECT.toString(), VERIFIER}}) {
      TokenOutcome outcome = redeem(attempt[0], sessions.login(), URI.create(attempt[1]), attempt[2]);
      assertThat(outcome).as(String.join(" ", attempt)).isInstanceOfSatisfying(TokenOutcome.Rejected.class,
          r -> assertThat(r.error()).isEqualTo("invalid_grant"));
    }
  }

  @Test
  void rfc6749_4_1_2_a_replayed_code_is_invalid_grant_and_revokes_the_session_it_created_as_a_security_event() {
    String code = sessions.login();
    TokenOutcome.Issued first = (TokenOutcome.Issued) redeem(SPA, code, REDIRECT, VERIFIER);

    TokenOutcome replay = redeem(SPA, code, REDIRECT, VERIFIER);

    assertThat(((TokenOutcome.Rejected) replay).error()).isEqualTo("invalid_grant");
    assertThat(sessions.grants.accessTokens.active(first.accessToken())).as("its access token dies with the session").isEmpty();
    assertThat(sessions.refresh(first.refreshToken())).isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(sessions.upstream.revocations).as("the upstream grant is revoked too").hasValue(1);
    assertThat(sessions.platform.audit(SHOP)).extracting(r -> r.event().action()).contains(AuditAction.SESSION_LOGIN, AuditAction.SESSION_REUSE);
    assertThat(sessions.platform.audit(SHOP)).allSatisfy(r -> {
      assertThat(r.event().actor()).startsWith("session:");
      assertThat(r.toString()).doesNotContain(code, first.accessToken(), first.refreshToken());
    });
  }

  @Test
  void a_code_expires_after_a_minute() {
    String code = sessions.login();

    sessions.platform.clock.advance(Duration.ofSeconds(61));

    assertThat(redeem(SPA, code, REDIRECT, VERIFIER)).isInstanceOf(TokenOutcome.Rejected.class);
  }
}
