package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.RegisterClients;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.Permission;
import java.time.InstantSource;
import java.util.Optional;

public final class RegisterClientsService implements RegisterClients {
  /** 256 bits for secrets and registration tokens, 128 bits for client ids. */
  static final int SECRET_BYTES = 32;
  static final int CLIENT_ID_BYTES = 16;
  private final ClientStore clients;
  private final TokenGenerator tokens;
  private final InstantSource clock;

  public RegisterClientsService(ClientStore clients, TokenGenerator tokens, InstantSource clock) {
    this.clients = clients;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public Outcome register(RequestContext caller, ClientMetadata metadata) {
    if (!caller.principal().may(Permission.ADMINISTER, metadata.tenant())) {
      return new Outcome.Forbidden();
    }
    String clientId = tokens.randomToken(CLIENT_ID_BYTES);
    Optional<String> secret = metadata.authMethod().usesSecret() ? Optional.of(tokens.randomToken(SECRET_BYTES)) : Optional.empty();
    String registrationToken = tokens.randomToken(SECRET_BYTES);
    RegisteredClient client = new RegisteredClient(clientId, metadata, secret.map(CredentialHash::of), CredentialHash.of(registrationToken), clock.instant());
    clients.add(client);
    return new Outcome.Registered(client, secret, Optional.of(registrationToken));
  }

  @Override
  public Outcome read(String clientId, String registrationAccessToken) {
    return authorized(clientId, registrationAccessToken)
        .<Outcome>map(client -> new Outcome.Registered(client, Optional.empty(), Optional.empty()))
        .orElseGet(Outcome.InvalidToken::new);
  }

  @Override
  public Outcome update(String clientId, String registrationAccessToken, ClientMetadata metadata) {
    Optional<RegisteredClient> client = authorized(clientId, registrationAccessToken);
    if (client.isEmpty()) {
      return new Outcome.InvalidToken();
    }
    if (!client.get().metadata().tenant().equals(metadata.tenant())) {
      throw new dev.portcullis.domain.grant.ClientMetadataError.Rejected(dev.portcullis.domain.grant.ClientMetadataError.INVALID_CLIENT_METADATA,
          "a client's tenant cannot change");
    }
    RegisteredClient updated = client.get().withMetadata(metadata);
    Optional<String> newSecret = Optional.empty();
    if (metadata.authMethod().usesSecret() && client.get().secretHash().isEmpty()) { // switched to a secret method: issue one
      newSecret = Optional.of(tokens.randomToken(SECRET_BYTES));
      updated = new RegisteredClient(clientId, metadata, newSecret.map(CredentialHash::of), client.get().registrationTokenHash(), client.get().issuedAt());
    } else if (!metadata.authMethod().usesSecret()) {
      updated = new RegisteredClient(clientId, metadata, Optional.empty(), client.get().registrationTokenHash(), client.get().issuedAt());
    }
    return clients.update(updated) ? new Outcome.Registered(updated, newSecret, Optional.empty()) : new Outcome.InvalidToken();
  }

  @Override
  public Outcome delete(String clientId, String registrationAccessToken) {
    if (authorized(clientId, registrationAccessToken).isEmpty()) {
      return new Outcome.InvalidToken();
    }
    return clients.delete(clientId) ? new Outcome.Deleted() : new Outcome.InvalidToken();
  }

  private Optional<RegisteredClient> authorized(String clientId, String registrationAccessToken) {
    if (clientId == null || registrationAccessToken == null) {
      return Optional.empty();
    }
    byte[] presented = CredentialHash.of(registrationAccessToken);
    return clients.find(clientId).filter(c -> c.registrationTokenMatches(presented));
  }
}
