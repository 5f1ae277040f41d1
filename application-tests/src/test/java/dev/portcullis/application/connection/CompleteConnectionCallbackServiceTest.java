package dev.portcullis.application.connection;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.admin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.CompleteConnectionCallback.CallbackOutcome;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.StartConnection.Authorization;
import dev.portcullis.application.connection.port.in.StartConnection.AuthorizeRequest;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.fixtures.Query;
import dev.portcullis.application.fixtures.ScriptedProvider;
import dev.portcullis.application.fixtures.TokenVault;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.session.Pkce;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompleteConnectionCallbackServiceTest {
  private final TokenVault vault = new TokenVault();
  private final Provider provider = vault.aProvider(ACME, "authorization_code", "refresh_token");

  private Authorization started(String... scopes) {
    AuthorizeRequest request = new AuthorizeRequest(TokenVault.RETURN_URL, scopes.length == 0 ? Optional.empty() : Optional.of(List.of(scopes)),
        Optional.empty(), Optional.empty());
    return ((ConnectionOutcome.Ok<Authorization>) vault.start.start(admin(), ACME, provider.id(), request)).value();
  }

  private static Map<String, String> redirected(CallbackOutcome outcome) {
    assertThat(outcome).isInstanceOf(CallbackOutcome.Redirect.class);
    return Query.of(((CallbackOutcome.Redirect) outcome).location());
  }

  @Test
  void rfc7636_the_code_is_exchanged_with_the_verifier_of_the_challenge_and_becomes_a_connection() {
    Authorization authorization = started();
    String challenge = Query.of(authorization.authorizationUrl()).get("code_challenge");
    vault.provider.answering(ScriptedProvider.tokens("at-1", Duration.ofHours(1)));

    Map<String, String> back = redirected(vault.callback.complete(authorization.state(), Optional.of("code-1"), Optional.empty(), Optional.empty()));

    Map<String, String> sent = vault.provider.lastTokenCall().parameters();
    assertThat(sent).containsEntry("grant_type", "authorization_code").containsEntry("code", "code-1")
        .containsEntry("redirect_uri", TokenVault.CALLBACK.toString());
    assertThat(Pkce.matches(sent.get("code_verifier"), challenge)).isTrue();
    assertThat(back).containsEntry("state", authorization.state()).containsKey("connection_id").doesNotContainKey("error");
    Connection connection = vault.connections.find(back.get("connection_id")).orElseThrow();
    assertThat(connection.status()).isEqualTo(Connection.Status.ACTIVE);
    assertThat(connection.accessExpiresAt()).contains(vault.platform.clock.instant().plus(Duration.ofHours(1)));
    assertThat(vault.platform.audited(ACME, AuditAction.CONNECTION_CREATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void a_state_is_single_use() {
    Authorization authorization = started();
    vault.callback.complete(authorization.state(), Optional.of("code-1"), Optional.empty(), Optional.empty());

    assertThat(vault.callback.complete(authorization.state(), Optional.of("code-1"), Optional.empty(), Optional.empty()))
        .isInstanceOf(CallbackOutcome.ErrorPage.class);
    assertThat(vault.provider.tokenCalls).hasSize(1);
  }

  @Test
  void an_unknown_missing_or_expired_state_gets_an_error_page_and_no_token_request() {
    Authorization authorization = started();
    vault.platform.clock.advance(Duration.ofMinutes(11));

    assertThat(vault.callback.complete(authorization.state(), Optional.of("code-1"), Optional.empty(), Optional.empty()))
        .isInstanceOf(CallbackOutcome.ErrorPage.class);
    assertThat(vault.callback.complete("forged", Optional.of("code-1"), Optional.empty(), Optional.empty())).isInstanceOf(CallbackOutcome.ErrorPage.class);
    assertThat(vault.callback.complete("", Optional.of("code-1"), Optional.empty(), Optional.empty())).isInstanceOf(CallbackOutcome.ErrorPage.class);
    assertThat(vault.provider.tokenCalls).isEmpty();
  }

  @Test
  void rfc6749_4_1_2_1_the_providers_error_goes_back_to_the_return_url_printable_and_nothing_is_stored() {
    Authorization authorization = started();

    Map<String, String> back = redirected(vault.callback.complete(authorization.state(), Optional.empty(), Optional.of("access_denied"),
        Optional.of("the user said no\u0007")));

    assertThat(back).containsEntry("error", "access_denied").containsEntry("state", authorization.state()).doesNotContainKey("connection_id");
    assertThat(back.get("error_description")).doesNotContain("\u0007");
    assertThat(vault.connections.list(ACME, Optional.empty(), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void a_refused_or_failed_token_request_goes_back_as_an_error() {
    vault.provider.answering(new TokenResult.Rejected("invalid_grant", "code expired"));
    assertThat(redirected(vault.callback.complete(started().state(), Optional.of("c"), Optional.empty(), Optional.empty())))
        .containsEntry("error", "invalid_grant");

    vault.provider.answering(new TokenResult.Unavailable(Duration.ofSeconds(5), "down"));
    assertThat(redirected(vault.callback.complete(started().state(), Optional.of("c"), Optional.empty(), Optional.empty())))
        .containsEntry("error", "temporarily_unavailable");

    vault.provider.answering(new TokenResult.Malformed("no access_token"));
    assertThat(redirected(vault.callback.complete(started().state(), Optional.of("c"), Optional.empty(), Optional.empty())))
        .containsEntry("error", "server_error");
    assertThat(vault.connections.list(ACME, Optional.empty(), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void openid_requested_without_an_id_token_in_the_answer_is_refused() {
    Authorization authorization = started("openid");

    assertThat(redirected(vault.callback.complete(authorization.state(), Optional.of("c"), Optional.empty(), Optional.empty())))
        .containsEntry("error", "invalid_request");
  }

  @Test
  void a_provider_deleted_while_the_user_was_away_ends_the_attempt() {
    Authorization authorization = started();
    vault.providers.delete(provider.id());

    assertThat(redirected(vault.callback.complete(authorization.state(), Optional.of("c"), Optional.empty(), Optional.empty())))
        .containsEntry("error", "invalid_request");
    assertThat(vault.provider.tokenCalls).isEmpty();
  }
}
