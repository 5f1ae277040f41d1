package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.REDIRECT;
import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JoseAccessTokenCodec;
import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.grant.ClientCredentialsGrant;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.ReadUserinfo.UserinfoOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.domain.grant.IdTokenClaims;
import dev.portcullis.domain.key.SigningAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Portcullis as an OpenID provider for its own clients: ID token at login, userinfo, and the ID token as logout hint. */
class OpenIdProviderTest {
  private final BrowserSessions sessions = new BrowserSessions();
  private final ReadUserinfoService userinfo = new ReadUserinfoService(sessions.grants.accessTokens);

  private IdTokenClaims idToken(TokenOutcome.Issued issued) {
    return new JoseAccessTokenCodec().verifyIdToken(issued.idToken().orElseThrow(), sessions.grants.signingKeys.jwks(), SigningAlgorithm.ES256).orElseThrow();
  }

  @Test
  void oidc_core_3_1_3_3_openid_in_scope_gets_an_id_token_for_the_client_with_its_nonce_auth_time_and_sid() {
    sessions.requestNonce = Optional.of("n-0S6_WzA2Mj");
    sessions.upstream.accessTtl = Duration.ofMinutes(10);
    TokenOutcome.Issued issued = sessions.tokens();

    IdTokenClaims claims = idToken(issued);
    var access = sessions.grants.accessTokens.active(issued.accessToken()).orElseThrow();

    assertThat(claims.issuer()).isEqualTo(Grants.ISSUER);
    assertThat(claims.audience()).isEqualTo(SPA);
    assertThat(claims.subject()).isEqualTo(access.subject());
    assertThat(claims.nonce()).hasValue("n-0S6_WzA2Mj");
    assertThat(claims.sessionId()).isEqualTo(access.sessionId().orElseThrow());
    assertThat(claims.authTime()).isBeforeOrEqualTo(claims.issuedAt());
    assertThat(claims.expiresAt()).as("no longer than the access token it comes with").isEqualTo(access.expiresAt());
  }

  @Test
  void without_openid_there_is_no_id_token_and_a_refresh_never_brings_one() {
    sessions.requestScope = "profile";
    assertThat(sessions.tokens().idToken()).isEmpty();

    sessions.requestScope = "openid";
    TokenOutcome.Issued withOpenid = sessions.tokens();
    assertThat(withOpenid.idToken()).isPresent();
    assertThat(((TokenOutcome.Issued) sessions.refresh(withOpenid.refreshToken())).idToken()).as("OIDC Core 12.2: optional; we send none").isEmpty();
  }

  @Test
  void a_nonce_that_is_too_long_or_not_printable_goes_back_to_the_client_as_invalid_request() {
    for (String nonce : new String[] {"n".repeat(256), "bad\nnonce"}) {
      var standard = BrowserSessions.authorizeRequest(Optional.of("S256"));
      var request = new StartBrowserLogin.AuthorizeRequest(standard.clientId(), standard.redirectUri(), standard.responseType(), standard.codeChallenge(),
          standard.codeChallengeMethod(), standard.state(), standard.scope(), standard.loginHint(), standard.prompt(), Optional.of(nonce));

      AuthorizeOutcome outcome = sessions.node.start().start(request);

      assertThat(outcome).isInstanceOfSatisfying(AuthorizeOutcome.Redirect.class, r -> assertThat(r.location().toString())
          .startsWith(REDIRECT.toString()).contains("error=invalid_request").contains("iss="));
    }
  }

  @Test
  void oidc_core_5_3_userinfo_answers_a_session_token_with_openid_with_sub_and_the_identity_claims() {
    TokenOutcome.Issued issued = sessions.tokens();

    UserinfoOutcome outcome = userinfo.userinfo(issued.accessToken());

    assertThat(outcome).isInstanceOfSatisfying(UserinfoOutcome.Claims.class, claims -> {
      assertThat(claims.claims()).containsEntry("sub", idToken(issued).subject());
      assertThat(claims.clientId()).isEqualTo(SPA);
    });
  }

  @Test
  void userinfo_refuses_an_id_token_a_clients_own_token_an_ended_session_and_a_login_without_openid() {
    TokenOutcome.Issued issued = sessions.tokens();
    var machine = sessions.grants.registered(Grants.aMachineClient(BrowserSessions.SHOP, "orders:read"));
    String clientToken = ((ClientCredentialsGrant.Result.Issued) sessions.grants.clientCredentials.clientCredentials(
        new dev.portcullis.application.grant.port.in.ClientCredential.Secret(dev.portcullis.application.grant.port.in.ClientCredential.Secret.Method.BASIC,
            machine.client().clientId(), machine.clientSecret().orElseThrow()), Optional.empty()))
        .accessToken();

    assertThat(userinfo.userinfo(issued.idToken().orElseThrow())).as("token substitution").isInstanceOf(UserinfoOutcome.InvalidToken.class);
    assertThat(userinfo.userinfo(clientToken)).as("no user behind it").isInstanceOf(UserinfoOutcome.InvalidToken.class);
    assertThat(userinfo.userinfo("garbage")).isInstanceOf(UserinfoOutcome.InvalidToken.class);

    sessions.requestScope = "profile";
    assertThat(userinfo.userinfo(sessions.tokens().accessToken())).isInstanceOf(UserinfoOutcome.InsufficientScope.class);

    sessions.node.logout().logout(SPA, issued.idToken(), URI.create("https://app.example.com/"), Optional.empty());
    assertThat(userinfo.userinfo(issued.accessToken())).as("the ID token as id_token_hint ended the session").isInstanceOf(UserinfoOutcome.InvalidToken.class);
  }

  @Test
  void an_id_token_hint_for_another_client_ends_nothing() {
    TokenOutcome.Issued issued = sessions.tokens();

    sessions.node.logout().logout("another-client", issued.idToken(), URI.create("https://app.example.com/"), Optional.empty());

    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isPresent();
  }
}
