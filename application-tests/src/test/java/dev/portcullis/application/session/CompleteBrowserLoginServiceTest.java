package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SHOP;
import static dev.portcullis.application.fixtures.BrowserSessions.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.fixtures.ScriptedUpstream;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /oauth/callback}: the pending login is single use, the upstream answer is verified, and only then is there a session and a code. */
class CompleteBrowserLoginServiceTest {
  private final BrowserSessions sessions = new BrowserSessions();

  private AuthorizeOutcome callback(String state, Optional<String> code, Optional<String> error) {
    return sessions.node.complete().complete(state, code, error, Optional.of("no"));
  }

  private Map<String, String> clientQuery(AuthorizeOutcome outcome) {
    return query(((AuthorizeOutcome.Redirect) outcome).location());
  }

  @Test
  void rfc9207_the_callback_redirects_with_code_state_and_iss_and_creates_an_audited_session() {
    String state = sessions.toUpstream().get("state");

    Map<String, String> q = clientQuery(callback(state, Optional.of("upstream-code"), Optional.empty()));

    assertThat(q.get("code")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q).containsEntry("state", "client-state").containsEntry("iss", Grants.ISSUER);
    assertThat(sessions.store.sessions(SHOP, Optional.of("bob-sub"), 10)).hasSize(1);
    assertThat(sessions.platform.audited(SHOP, AuditAction.SESSION_LOGIN, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void the_login_state_is_single_use_and_an_unknown_state_is_a_page() {
    String state = sessions.toUpstream().get("state");
    callback(state, Optional.empty(), Optional.of("access_denied"));

    assertThat(callback(state, Optional.of("c"), Optional.empty())).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    assertThat(callback("forged-state", Optional.of("c"), Optional.empty())).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
    assertThat(callback(null, Optional.of("c"), Optional.empty())).isInstanceOf(AuthorizeOutcome.ErrorPage.class);
  }

  @Test
  void rfc6749_4_1_2_1_upstream_errors_are_relayed_with_rfc9207_iss_and_an_unknown_error_code_becomes_server_error() {
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.empty(), Optional.of("access_denied"))))
        .containsEntry("error", "access_denied").containsEntry("state", "client-state").containsEntry("iss", Grants.ISSUER);
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.empty(), Optional.of("<script>"))))
        .containsEntry("error", "server_error");
  }

  @Test
  void oidc_3_1_3_7_an_id_token_for_another_login_nonce_creates_no_session() {
    String state = sessions.toUpstream().get("state");
    sessions.upstream.nonce = "another-login's-nonce";

    Map<String, String> q = clientQuery(callback(state, Optional.of("upstream-code"), Optional.empty()));

    assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
    assertThat(sessions.store.sessions(SHOP, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void an_id_token_without_a_subject_and_an_answer_without_an_id_token_create_no_session() {
    sessions.upstream.claims = Map.of("email", "bob@example.com");
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.of("c"), Optional.empty()))).containsEntry("error", "access_denied");

    sessions.upstream.exchangeResult = new TokenResult.Tokens(ScriptedUpstream.ACCESS, Optional.empty(), Optional.empty(), Duration.ofMinutes(5),
        Optional.empty());
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.of("c"), Optional.empty()))).containsEntry("error", "server_error");
    assertThat(sessions.store.sessions(SHOP, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void an_upstream_outage_at_the_code_exchange_is_temporarily_unavailable_and_a_refused_code_is_access_denied() {
    sessions.upstream.exchangeResult = new TokenResult.Unavailable(Duration.ofSeconds(2), "503");
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.of("c"), Optional.empty()))).containsEntry("error", "temporarily_unavailable");

    sessions.upstream.exchangeResult = new TokenResult.Rejected("invalid_grant", "used");
    assertThat(clientQuery(callback(sessions.toUpstream().get("state"), Optional.of("c"), Optional.empty()))).containsEntry("error", "access_denied");
  }

  @Test
  void the_upstream_tokens_are_sealed_in_the_session_never_stored_in_the_clear() {
    sessions.login();

    var session = sessions.store.sessions(SHOP, Optional.empty(), 10).get(0);

    assertThat(session.toString() + new String(session.upstreamTokens().ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(ScriptedUpstream.ACCESS).doesNotContain(ScriptedUpstream.REFRESH).doesNotContain(ScriptedUpstream.ID_TOKEN);
  }
}
