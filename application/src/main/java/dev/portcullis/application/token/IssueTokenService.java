package dev.portcullis.application.token;

import dev.portcullis.application.apikey.port.in.ExchangeApiKey;
import dev.portcullis.application.apikey.port.in.MintOutcome;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.application.grant.ClientCredentialsGrant;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.token.port.in.IssueToken;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which grant runs for a token request. client_credentials is the authorization server's own; the
 * browser-session grants authenticate the client here first and then ask the session broker (when one is
 * configured); an API key is exchanged by the keys context. Outcomes become RFC 6749 §5.1/§5.2 answers.
 */
public final class IssueTokenService implements IssueToken {
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private final ClientCredentialsGrant clients;
  private final ExchangeApiKey keys;
  private final Optional<RedeemSessionCode> redeemCode;
  private final Optional<RefreshSession> refreshSession;
  private final Set<String> grantTypes;
  private final dev.portcullis.application.shared.port.out.Decisions decisions;
  private final java.time.InstantSource clock;

  public IssueTokenService(ClientCredentialsGrant clients, ExchangeApiKey keys, Optional<RedeemSessionCode> redeemCode, Optional<RefreshSession> refreshSession) {
    this(clients, keys, redeemCode, refreshSession, dev.portcullis.application.shared.port.out.Decisions.NONE, java.time.InstantSource.system());
  }

  /** @param decisions counts each request by grant type and outcome, timed by {@code clock} */
  public IssueTokenService(ClientCredentialsGrant clients, ExchangeApiKey keys, Optional<RedeemSessionCode> redeemCode, Optional<RefreshSession> refreshSession,
                           dev.portcullis.application.shared.port.out.Decisions decisions, java.time.InstantSource clock) {
    this.decisions = decisions;
    this.clock = clock;
    this.clients = clients;
    this.keys = keys;
    this.redeemCode = redeemCode;
    this.refreshSession = refreshSession;
    Set<String> offered = new java.util.HashSet<>(List.of("client_credentials", TOKEN_EXCHANGE));
    redeemCode.ifPresent(present -> offered.add("authorization_code"));
    refreshSession.ifPresent(present -> offered.add("refresh_token"));
    this.grantTypes = Set.copyOf(offered); // decided once: asked on every token request
  }

  @Override
  public Set<String> grantTypes() {
    return grantTypes;
  }

  @Override
  public TokenAnswer issue(TokenRequest request) {
    java.time.Instant started = clock.instant();
    TokenAnswer answer;
    try {
      answer = decide(request);
    } catch (dev.portcullis.application.shared.port.out.DependencyUnavailable outage) { // answered 503 by the adapter: counted as such
      decisions.tokenRequest(grantTypeOf(request), "temporarily_unavailable", Duration.between(started, clock.instant()));
      throw outage;
    }
    decisions.tokenRequest(grantTypeOf(request), answer instanceof TokenAnswer.Rejected rejected ? rejected.error().error() : "issued",
        Duration.between(started, clock.instant()));
    return answer;
  }

  /** The grant type as a metric label: one this server offers, or {@code other} (the caller chooses the raw value). */
  private String grantTypeOf(TokenRequest request) {
    String grantType = switch (request) {
      case TokenRequest.ClientCredentials grant -> "client_credentials";
      case TokenRequest.AuthorizationCode grant -> "authorization_code";
      case TokenRequest.RefreshToken grant -> "refresh_token";
      case TokenRequest.ApiKeyExchange exchange -> TOKEN_EXCHANGE;
      case TokenRequest.Incomplete incomplete -> incomplete.grantType();
      case TokenRequest.Other other -> other.grantType();
    };
    return grantTypes.contains(grantType) ? grantType : "other";
  }

  private TokenAnswer decide(TokenRequest request) {
    return switch (request) {
      case TokenRequest.ClientCredentials grant -> switch (clients.clientCredentials(grant.client(), grant.scope())) {
        case ClientCredentialsGrant.Result.Issued issued -> new TokenAnswer.Issued(issued.accessToken(), Duration.ofSeconds(issued.expiresInSeconds()),
            Optional.empty(), issued.scope(), Optional.empty());
        case ClientCredentialsGrant.Result.Rejected rejected -> refused(rejected.error());
      };
      case TokenRequest.AuthorizationCode grant when redeemCode.isPresent() ->
          asClient(grant.client(), clientId -> redeemCode.get().redeem(clientId, grant.code(), grant.redirectUri(), grant.codeVerifier()));
      case TokenRequest.RefreshToken grant when refreshSession.isPresent() ->
          asClient(grant.client(), clientId -> refreshSession.get().refresh(clientId, grant.refreshToken()));
      case TokenRequest.ApiKeyExchange exchange -> switch (keys.exchange(exchange.apiKey())) {
        case MintOutcome.Allowed allowed -> new TokenAnswer.Issued(allowed.jwt(), allowed.expiresIn(), Optional.empty(), allowed.scopes(),
            Optional.of(ACCESS_TOKEN_TYPE));
        case MintOutcome.Denied denied when denied.refusal() == MintOutcome.Refusal.UNAVAILABLE ->
            new TokenAnswer.Rejected(new OAuthError("temporarily_unavailable", denied.message()), false,
                Optional.of(denied.retryAfter().orElse(Duration.ofSeconds(1))));
        case MintOutcome.Denied denied -> // RFC 8693 §2.2.2: an invalid subject_token is invalid_request, and a refused credential
            new TokenAnswer.Rejected(OAuthError.badRequest("invalid_request", "the subject_token is not a valid API key for this use: " + denied.message()),
                true, Optional.empty());
      };
      case TokenRequest.Incomplete incomplete when grantTypes().contains(incomplete.grantType()) -> switch (clients.authenticate(incomplete.client())) {
        case ClientCredentialsGrant.Authenticated.Rejected rejected -> refused(rejected.error());
        case ClientCredentialsGrant.Authenticated.Client client -> new TokenAnswer.Rejected(OAuthError.badRequest("invalid_request", incomplete.problem()), false,
            Optional.empty());
      };
      case TokenRequest.Incomplete incomplete -> unsupported();
      case TokenRequest.AuthorizationCode grant -> unsupported(); // no session broker configured
      case TokenRequest.RefreshToken grant -> unsupported();
      case TokenRequest.Other other -> unsupported();
    };
  }

  /** RFC 6749 §4.1.3 and §6: the client authenticates (public clients name themselves), then the session broker decides. */
  private TokenAnswer asClient(ClientCredential credential, Function<String, TokenOutcome> grant) {
    return switch (clients.authenticate(credential)) {
      case ClientCredentialsGrant.Authenticated.Rejected rejected -> refused(rejected.error());
      case ClientCredentialsGrant.Authenticated.Client client -> switch (grant.apply(client.clientId())) {
        case TokenOutcome.Issued issued -> new TokenAnswer.Issued(issued.accessToken(), issued.expiresIn(), Optional.of(issued.refreshToken()),
            issued.scope(), Optional.empty(), issued.idToken());
        case TokenOutcome.Rejected rejected -> new TokenAnswer.Rejected(new OAuthError(rejected.error(), rejected.description()),
            "invalid_grant".equals(rejected.error()), rejected.retryAfter()); // an unknown code or refresh token: a guess until proven otherwise
      };
    };
  }

  /** The client's own refusal: a failed authentication when the client's credential was refused. */
  private static TokenAnswer refused(OAuthError error) {
    return new TokenAnswer.Rejected(error, "invalid_client".equals(error.error()), Optional.empty());
  }

  private TokenAnswer unsupported() {
    return new TokenAnswer.Rejected(OAuthError.badRequest("unsupported_grant_type", "this server supports client_credentials, token-exchange (RFC 8693) for API keys"
        + (redeemCode.isPresent() ? ", authorization_code and refresh_token" : "")), false, Optional.empty());
  }
}
