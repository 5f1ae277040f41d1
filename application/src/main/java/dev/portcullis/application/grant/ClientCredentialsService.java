package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.TokenEndpoint;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.domain.grant.CredentialHash;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import java.util.Optional;
import java.util.Set;

/** RFC 6749 §4.4 client credentials grant, authenticated with a client secret (basic or post). */
public final class ClientCredentialsService implements TokenEndpoint {
  private final ClientStore clients;
  private final AccessTokens accessTokens;

  public ClientCredentialsService(ClientStore clients, AccessTokens accessTokens) {
    this.clients = clients;
    this.accessTokens = accessTokens;
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
    RegisteredClient client = found.get();
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
