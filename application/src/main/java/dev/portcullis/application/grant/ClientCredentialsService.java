package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;
import java.util.Set;

/** RFC 6749 §4.4 client credentials grant: authenticate the client, check the grant type and scope, issue a JWT access token. */
public final class ClientCredentialsService implements ClientCredentialsGrant {
  private final ClientAuthenticator authenticator;
  private final AccessTokens accessTokens;
  private final IssuedTokens issued;

  public ClientCredentialsService(ClientAuthenticator authenticator, AccessTokens accessTokens, IssuedTokens issued) {
    this.authenticator = authenticator;
    this.accessTokens = accessTokens;
    this.issued = issued;
  }

  @Override
  public Result clientCredentials(ClientCredential credential, Optional<Set<String>> requestedScope) {
    return switch (authenticator.authenticate(credential)) {
      case ClientAuthenticator.Outcome.Authenticated authenticated -> grant(authenticated.client(), requestedScope);
      case ClientAuthenticator.Outcome.Rejected rejected -> new Result.Rejected(rejected.error());
    };
  }

  @Override
  public Authenticated authenticate(ClientCredential credential) {
    return switch (authenticator.authenticate(credential)) {
      case ClientAuthenticator.Outcome.Authenticated authenticated -> new Authenticated.Client(authenticated.client().clientId());
      case ClientAuthenticator.Outcome.Rejected rejected -> new Authenticated.Rejected(rejected.error());
    };
  }

  private Result grant(RegisteredClient client, Optional<Set<String>> requestedScope) {
    if (!client.metadata().grantTypes().contains("client_credentials")) {
      return new Result.Rejected(OAuthError.badRequest("unauthorized_client", "this client is not registered for the client_credentials grant"));
    }
    Set<String> registered = client.metadata().scope();
    Set<String> granted = requestedScope.orElse(registered);
    if (!registered.containsAll(granted)) {
      return new Result.Rejected(OAuthError.badRequest("invalid_scope", "the requested scope exceeds the scope registered for this client"));
    }
    String token = accessTokens.issue(client.clientId(), client.metadata().tenant(), granted);
    issued.issued(client.metadata().tenant(), client.clientId());
    return new Result.Issued(token, accessTokens.lifetime().toSeconds(), granted);
  }
}
