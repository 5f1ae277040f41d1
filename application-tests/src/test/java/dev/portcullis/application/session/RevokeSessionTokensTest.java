package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.session.port.in.TokenOutcome;
import org.junit.jupiter.api.Test;

/** RFC 7009 at {@code /oauth/revoke} with a browser session's token: the whole session ends, and only its own client may end it. */
class RevokeSessionTokensTest {
  private final BrowserSessions sessions = new BrowserSessions();

  @Test
  void revoking_the_refresh_or_the_access_token_ends_the_session() {
    TokenOutcome.Issued a = sessions.tokens();
    TokenOutcome.Issued b = sessions.tokens();

    assertThat(sessions.node.revoke().revoke(SPA, a.refreshToken())).isTrue();
    assertThat(sessions.node.revoke().revoke(SPA, b.accessToken())).isTrue();
    assertThat(sessions.node.revoke().revoke(SPA, "unknown")).isFalse();

    assertThat(sessions.grants.accessTokens.active(a.accessToken())).isEmpty();
    assertThat(sessions.refresh(b.refreshToken())).isInstanceOf(TokenOutcome.Rejected.class);
  }

  @Test
  void another_client_cannot_end_a_session_with_its_tokens() {
    TokenOutcome.Issued issued = sessions.tokens();

    sessions.node.revoke().revoke("another-client", issued.refreshToken());
    sessions.node.revoke().revoke("another-client", issued.accessToken());

    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isPresent();
    assertThat(sessions.refresh(issued.refreshToken())).isInstanceOf(TokenOutcome.Issued.class);
  }
}
