package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static dev.portcullis.application.fixtures.BrowserSessions.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.fixtures.ScriptedUpstream;
import dev.portcullis.application.session.port.in.LogoutOutcome;
import dev.portcullis.application.session.port.in.TokenOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OIDC RP-Initiated Logout: the session ends everywhere, the browser visits the upstream without its tokens and comes back only to a registered place. */
class LogoutServiceTest {
  private final BrowserSessions sessions = new BrowserSessions();

  @Test
  void rp_initiated_logout_ends_the_session_visits_the_upstream_without_its_tokens_and_returns_to_the_client() {
    TokenOutcome.Issued session = sessions.tokens();

    LogoutOutcome.Redirect toUpstream = (LogoutOutcome.Redirect) sessions.node.logout().logout(SPA, Optional.of(session.accessToken()),
        URI.create("https://app.example.com/"), Optional.of("bye"));

    assertThat(toUpstream.location().toString()).startsWith(ScriptedUpstream.ISSUER + "/logout").doesNotContain(ScriptedUpstream.ACCESS)
        .doesNotContain(ScriptedUpstream.REFRESH).doesNotContain(ScriptedUpstream.ID_TOKEN);
    assertThat(query(toUpstream.location())).containsEntry("post_logout_redirect_uri", Grants.ISSUER + "/oauth/logout/callback");
    assertThat(sessions.refresh(session.refreshToken())).as("the session ended").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(sessions.upstream.revocations).as("upstream refresh token revoked (RFC 7009)").hasValue(1);
    String state = query(toUpstream.location()).get("state");
    assertThat(sessions.node.logout().complete(state)).isEqualTo(new LogoutOutcome.Redirect(URI.create("https://app.example.com/?state=bye")));
  }

  @Test
  void the_returning_state_is_sealed_an_altered_or_expired_one_goes_nowhere() {
    TokenOutcome.Issued session = sessions.tokens();
    LogoutOutcome.Redirect toUpstream = (LogoutOutcome.Redirect) sessions.node.logout().logout(SPA, Optional.of(session.accessToken()),
        URI.create("https://app.example.com/"), Optional.empty());
    String state = query(toUpstream.location()).get("state");

    String forged = state.substring(0, state.length() - 2) + (state.endsWith("A") ? "BB" : "AA");
    assertThat(sessions.node.logout().complete(forged)).as("an altered state").isInstanceOf(LogoutOutcome.Refused.class);
    assertThat(sessions.node.logout().complete("x.y.z")).isInstanceOf(LogoutOutcome.Refused.class);
    sessions.platform.clock.advance(Duration.ofMinutes(11));
    assertThat(sessions.node.logout().complete(state)).as("expired").isInstanceOf(LogoutOutcome.Refused.class);
  }

  @Test
  void logout_refuses_an_unregistered_destination_and_without_a_session_goes_straight_back() {
    assertThat(sessions.node.logout().logout(SPA, Optional.empty(), URI.create("https://evil.example.com/"), Optional.empty()))
        .isInstanceOf(LogoutOutcome.Refused.class);
    assertThat(sessions.node.logout().logout(SPA, Optional.of("not-a-token"), URI.create("https://app.example.com/"), Optional.of("s")))
        .isEqualTo(new LogoutOutcome.Redirect(URI.create("https://app.example.com/?state=s")));
  }

  @Test
  void another_clients_access_token_does_not_end_the_session() {
    TokenOutcome.Issued session = sessions.tokens();

    sessions.node.logout().logout("another-client", Optional.of(session.accessToken()), URI.create("https://app.example.com/"), Optional.empty());

    assertThat(sessions.grants.accessTokens.active(session.accessToken())).isPresent();
  }
}
