package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.TokenEndpoint;
import dev.portcullis.application.grant.port.out.ClientAssertions;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.domain.grant.CredentialHash;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6749 §4.4 client credentials grant, authenticated with a client secret (basic or post) or a
 * signed JWT assertion (RFC 7523, SMART Backend Services; single use through the replay guard).
 */
public final class ClientCredentialsService implements TokenEndpoint {
  private final ClientStore clients;
  private final AccessTokens accessTokens;
  private final ClientAssertions assertions;
  private final ReplayGuard replayGuard;
  private final InstantSource clock;
  private final String issuer;
  private final String tokenEndpoint;

  public ClientCredentialsService(ClientStore clients, AccessTokens accessTokens, ClientAssertions assertions, ReplayGuard replayGuard,
                                  InstantSource clock, String issuer) {
    this.clients = clients;
    this.accessTokens = accessTokens;
    this.assertions = assertions;
    this.replayGuard = replayGuard;
    this.clock = clock;
    this.issuer = issuer;
    this.tokenEndpoint = issuer + "/oauth/token";
  }

  @Override
  public Result clientCredentialsWithAssertion(String clientAssertion, Optional<String> clientIdParameter, Optional<Set<String>> requestedScope) {
    Optional<String> claimedClient = assertions.unverifiedIssuer(clientAssertion);
    if (claimedClient.isEmpty() || clientIdParameter.map(id -> !id.equals(claimedClient.get())).orElse(false)) {
      return invalidClient("the client assertion is malformed or names another client");
    }
    Optional<RegisteredClient> found = clients.find(claimedClient.get());
    if (found.isEmpty() || found.get().metadata().authMethod() != TokenEndpointAuthMethod.PRIVATE_KEY_JWT || found.get().metadata().jwks().isEmpty()) {
      return invalidClient("client authentication failed");
    }
    RegisteredClient client = found.get();
    ClientAssertions.Claims claims = switch (assertions.verify(clientAssertion, client.metadata().jwks().get(), AssertionRules.ALGORITHMS)) {
      case ClientAssertions.Verified.Valid valid -> valid.claims();
      case ClientAssertions.Verified.Invalid invalid -> null;
    };
    if (claims == null) {
      return invalidClient("the client assertion's signature does not verify with the client's registered keys");
    }
    Instant now = clock.instant();
    Optional<String> violation = AssertionRules.violation(claims, client.clientId(), tokenEndpoint, issuer, now);
    if (violation.isPresent()) {
      return invalidClient(violation.get());
    }
    if (!replayGuard.firstUse("assertion:" + client.clientId() + ":" + claims.jwtId().orElseThrow(), AssertionRules.replayUntil(claims), now)) {
      return invalidClient("this assertion (jti) was already used");
    }
    return grant(client, requestedScope);
  }

  private static Result invalidClient(String description) {
    return new Result.Rejected("invalid_client", description, 401);
  }

  @Override
  public Result clientCredentials(ClientCredentials credentials, Optional<Set<String>> requestedScope) {
    Optional<RegisteredClient> found = clients.find(credentials.clientId());
    byte[] presented = CredentialHash.of(credentials.clientSecret());
    TokenEndpointAuthMethod expected = credentials.method() == ClientCredentials.Method.BASIC
        ? TokenEndpointAuthMethod.CLIENT_SECRET_BASIC : TokenEndpointAuthMethod.CLIENT_SECRET_POST;
    if (found.isEmpty() || !found.get().secretMatches(presented) || found.get().metadata().authMethod() != expected) {
      return new Result.Rejected("invalid_client", "client authentication failed", 401); // one answer for every cause (RFC 6749 §5.2)
    }
    return grant(found.get(), requestedScope);
  }

  private Result grant(RegisteredClient client, Optional<Set<String>> requestedScope) {
    if (!client.metadata().grantTypes().contains("client_credentials")) {
      return new Result.Rejected("unauthorized_client", "this client is not registered for the client_credentials grant", 400);
    }
    Set<String> registered = client.metadata().scope();
    Set<String> granted = requestedScope.orElse(registered);
    if (!registered.containsAll(granted)) {
      return new Result.Rejected("invalid_scope", "the requested scope exceeds the scope registered for this client", 400);
    }
    String token = accessTokens.issue(client.clientId(), client.metadata().tenant(), granted);
    return new Result.Issued(token, accessTokens.lifetime().toSeconds(), granted);
  }
}
