package dev.portcullis.application.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.apikey.port.in.ExchangeApiKey;
import dev.portcullis.application.apikey.port.in.MintOutcome;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.application.grant.ClientCredentialsGrant;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.token.port.in.IssueToken.TokenAnswer;
import dev.portcullis.application.token.port.in.IssueToken.TokenRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which grant runs for a token request, and what its outcome means for the caller (fakes for the grants it dispatches to). */
class IssueTokenServiceTest {
  private static final ClientCredential SPA = new ClientCredential.Public("spa");
  private static final ClientCredential STRANGER = new ClientCredential.Public("stranger");
  private final List<String> calls = new ArrayList<>();

  private final ClientCredentialsGrant clients = new ClientCredentialsGrant() {
    @Override
    public Result clientCredentials(ClientCredential credential, Optional<Set<String>> requestedScope) {
      calls.add("client_credentials");
      return new Result.Issued("at", 300, Set.of("a"));
    }

    @Override
    public Authenticated authenticate(ClientCredential credential) {
      calls.add("authenticate");
      return credential.equals(SPA) ? new Authenticated.Client("spa") : new Authenticated.Rejected(OAuthError.invalidClient("unknown client"));
    }
  };

  private final ExchangeApiKey keys = rawKey -> switch (rawKey) {
    case "good" -> new MintOutcome.Allowed("jwt", Duration.ofMinutes(5), "s", "acme", Set.of("x"));
    case "later" -> new MintOutcome.Denied(MintOutcome.Refusal.UNAVAILABLE, "keys cannot be verified now", Optional.of(Duration.ofSeconds(3)));
    case "outage" -> throw new dev.portcullis.application.shared.port.out.DependencyUnavailable("postgres", new RuntimeException("down"));
    default -> new MintOutcome.Denied(MintOutcome.Refusal.INVALID_API_KEY, "unknown key", Optional.empty());
  };

  private final RedeemSessionCode redeem = (clientId, code, redirectUri, verifier) -> {
    calls.add("redeem " + clientId);
    return new TokenOutcome.Issued("session-at", Duration.ofMinutes(15), "rt", Set.of("openid"));
  };

  private final RefreshSession refresh = (clientId, token) -> {
    calls.add("refresh " + clientId);
    return TokenOutcome.invalidGrant("this refresh token was already used; the session is revoked");
  };

  private final IssueTokenService withBroker = new IssueTokenService(clients, keys, Optional.of(redeem), Optional.of(refresh));
  private final IssueTokenService withoutBroker = new IssueTokenService(clients, keys, Optional.empty(), Optional.empty());

  @Test
  void every_request_is_counted_by_offered_grant_type_and_outcome_and_a_made_up_grant_type_is_never_a_label() {
    List<String> counted = new ArrayList<>();
    dev.portcullis.application.shared.port.out.Decisions decisions = new dev.portcullis.application.shared.port.out.Decisions() {
      @Override
      public void tokenRequest(String grantType, String outcome, Duration took) {
        counted.add(grantType + " " + outcome);
      }
    };
    IssueTokenService service = new IssueTokenService(clients, keys, Optional.of(redeem), Optional.of(refresh), decisions, java.time.InstantSource.system());

    service.issue(new TokenRequest.AuthorizationCode(SPA, "code", URI.create("https://app/cb"), "verifier"));
    service.issue(new TokenRequest.RefreshToken(SPA, "spent"));
    service.issue(new TokenRequest.Other("urn:attacker:" + "x".repeat(200)));
    service.issue(new TokenRequest.Incomplete(SPA, "refresh_token", "refresh_token is required"));
    service.issue(new TokenRequest.ApiKeyExchange("made-up"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.issue(new TokenRequest.ApiKeyExchange("outage")))
        .isInstanceOf(dev.portcullis.application.shared.port.out.DependencyUnavailable.class);

    assertThat(counted).containsExactly("authorization_code issued", "refresh_token invalid_grant", "other unsupported_grant_type",
        "refresh_token invalid_request", IssueTokenService.TOKEN_EXCHANGE + " invalid_request",
        IssueTokenService.TOKEN_EXCHANGE + " temporarily_unavailable");
  }

  @Test
  void without_a_session_broker_only_client_credentials_and_api_key_exchange_are_offered() {
    assertThat(withoutBroker.grantTypes()).containsExactlyInAnyOrder("client_credentials", IssueTokenService.TOKEN_EXCHANGE);
    assertThat(withBroker.grantTypes()).contains("authorization_code", "refresh_token");

    TokenAnswer answer = withoutBroker.issue(new TokenRequest.RefreshToken(SPA, "rt"));

    assertThat(answer).isInstanceOf(TokenAnswer.Rejected.class);
    assertThat(((TokenAnswer.Rejected) answer).error().error()).isEqualTo("unsupported_grant_type");
    assertThat(calls).as("nothing ran").isEmpty();
  }

  @Test
  void rfc6749_4_1_3_the_client_authenticates_before_its_code_is_looked_at() {
    TokenAnswer stranger = withBroker.issue(new TokenRequest.AuthorizationCode(STRANGER, "code", URI.create("https://app/cb"), "verifier"));
    TokenAnswer spa = withBroker.issue(new TokenRequest.AuthorizationCode(SPA, "code", URI.create("https://app/cb"), "verifier"));

    assertThat(stranger).isEqualTo(new TokenAnswer.Rejected(OAuthError.invalidClient("unknown client"), true, Optional.empty()));
    assertThat(spa).isEqualTo(new TokenAnswer.Issued("session-at", Duration.ofMinutes(15), Optional.of("rt"), Set.of("openid"), Optional.empty()));
    assertThat(calls).containsExactly("authenticate", "authenticate", "redeem spa");
  }

  @Test
  void rfc6749_5_2_a_wrong_client_is_invalid_client_even_when_the_grant_misses_parameters() {
    TokenAnswer stranger = withBroker.issue(new TokenRequest.Incomplete(STRANGER, "refresh_token", "refresh_token is required"));
    TokenAnswer spa = withBroker.issue(new TokenRequest.Incomplete(SPA, "refresh_token", "refresh_token is required"));

    assertThat(stranger).isEqualTo(new TokenAnswer.Rejected(OAuthError.invalidClient("unknown client"), true, Optional.empty()));
    assertThat(spa).isEqualTo(new TokenAnswer.Rejected(OAuthError.badRequest("invalid_request", "refresh_token is required"), false, Optional.empty()));
    assertThat(calls).containsExactly("authenticate", "authenticate");
  }

  @Test
  void a_refused_refresh_token_counts_as_a_failed_authentication() {
    TokenAnswer answer = withBroker.issue(new TokenRequest.RefreshToken(SPA, "spent"));

    assertThat(answer).isInstanceOf(TokenAnswer.Rejected.class);
    assertThat(((TokenAnswer.Rejected) answer).error().error()).isEqualTo("invalid_grant");
    assertThat(((TokenAnswer.Rejected) answer).credentialRefused()).isTrue();
  }

  @Test
  void rfc8693_an_api_key_is_exchanged_a_made_up_one_is_invalid_request_and_an_outage_is_temporarily_unavailable() {
    assertThat(withBroker.issue(new TokenRequest.ApiKeyExchange("good"))).isEqualTo(new TokenAnswer.Issued("jwt", Duration.ofMinutes(5), Optional.empty(),
        Set.of("x"), Optional.of("urn:ietf:params:oauth:token-type:access_token")));

    TokenAnswer.Rejected madeUp = (TokenAnswer.Rejected) withBroker.issue(new TokenRequest.ApiKeyExchange("made-up"));
    TokenAnswer.Rejected later = (TokenAnswer.Rejected) withBroker.issue(new TokenRequest.ApiKeyExchange("later"));

    assertThat(madeUp.error().error()).isEqualTo("invalid_request");
    assertThat(madeUp.credentialRefused()).isTrue();
    assertThat(later.error().error()).isEqualTo("temporarily_unavailable");
    assertThat(later.credentialRefused()).as("an outage is nobody's guess").isFalse();
    assertThat(later.retryAfter()).hasValue(Duration.ofSeconds(3));
  }

  @Test
  void no_request_carries_its_credentials_into_a_log_line() {
    String sentinel = "SENTINEL-credential-4711";
    List<TokenRequest> requests = List.of(new TokenRequest.ApiKeyExchange(sentinel), new TokenRequest.RefreshToken(SPA, sentinel),
        new TokenRequest.AuthorizationCode(SPA, sentinel, URI.create("https://app/cb"), sentinel));

    assertThat(requests.toString()).doesNotContain(sentinel);
  }

  @Test
  void client_credentials_is_the_authorization_servers_own() {
    TokenAnswer answer = withoutBroker.issue(new TokenRequest.ClientCredentials(SPA, Optional.empty()));

    assertThat(answer).isEqualTo(new TokenAnswer.Issued("at", Duration.ofSeconds(300), Optional.empty(), Set.of("a"), Optional.empty()));
    assertThat(calls).containsExactly("client_credentials");
  }
}
