package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.REDIRECT;
import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static dev.portcullis.application.fixtures.BrowserSessions.VERIFIER;
import static dev.portcullis.application.fixtures.BrowserSessions.authorizeRequest;
import static dev.portcullis.application.fixtures.BrowserSessions.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.domain.session.Pkce;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /oauth/authorize} (RFC 6749 §4.1.1, PKCE S256 required): what is checked before the browser goes upstream, and what goes with it. */
class StartBrowserLoginServiceTest {
  private final BrowserSessions sessions = new BrowserSessions();

  private AuthorizeOutcome start(StartBrowserLogin.AuthorizeRequest request) {
    return sessions.node.start().start(request);
  }

  private static StartBrowserLogin.AuthorizeRequest request(String clientId, String redirectUri, Optional<String> scope) {
    return new StartBrowserLogin.AuthorizeRequest(clientId, Optional.of(redirectUri), Optional.of("code"), Optional.of(Pkce.challengeOf(VERIFIER)),
        Optional.of("S256"), Optional.of("client-state"), scope, Optional.empty(), Optional.empty());
  }

  @Test
  void rfc6749_4_1_2_1_errors_before_the_redirect_uri_is_trusted_are_a_page_never_a_redirect() {
    assertThat(start(request("nobody", REDIRECT.toString(), Optional.empty()))).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    assertThat(start(request(SPA, "https://evil.example.com/callback", Optional.empty()))).as("open redirector").isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    assertThat(start(request(SPA, REDIRECT + "/../evil", Optional.empty()))).as("exact match only").isInstanceOf(AuthorizeOutcome.ErrorPage.class);
  }

  @Test
  void rfc7636_pkce_s256_is_mandatory_plain_and_missing_are_invalid_request_redirects() {
    for (var method : List.of(Optional.<String>empty(), Optional.of("plain"))) {
      AuthorizeOutcome outcome = start(authorizeRequest(method));
      Map<String, String> q = query(((AuthorizeOutcome.Redirect) outcome).location());
      assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "client-state").as("RFC 9207 on errors too")
          .containsEntry("iss", Grants.ISSUER);
    }
    assertThat(sessions.store.sessions(BrowserSessions.SHOP, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void a_scope_beyond_the_clients_registration_is_invalid_scope() {
    AuthorizeOutcome outcome = start(request(SPA, REDIRECT.toString(), Optional.of("openid admin")));

    assertThat(query(((AuthorizeOutcome.Redirect) outcome).location())).containsEntry("error", "invalid_scope");
  }

  @Test
  void the_upstream_gets_our_own_state_nonce_and_pkce_and_the_forwarded_login_hint() {
    Map<String, String> q = sessions.toUpstream();

    assertThat(q.get("state")).isNotEqualTo("client-state").hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("nonce")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("code_challenge")).as("our own verifier upstream, not the client's").isNotEqualTo(Pkce.challengeOf(VERIFIER));
    assertThat(q).containsEntry("login_hint", "bob");
  }

  @Test
  void an_unreachable_identity_provider_is_temporarily_unavailable_back_at_the_client() {
    sessions.upstream.discoveryFails = true;

    AuthorizeOutcome outcome = start(authorizeRequest(Optional.of("S256")));

    assertThat(query(((AuthorizeOutcome.Redirect) outcome).location())).containsEntry("error", "temporarily_unavailable")
        .containsEntry("state", "client-state");
  }
}
