package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.RegisterClients;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.Duration;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.Permission;
import java.time.InstantSource;
import java.util.Optional;

public final class RegisterClientsService implements RegisterClients {
  /** 256 bits for secrets and registration tokens, 128 bits for client ids. */
  static final int SECRET_BYTES = 32;
  static final int CLIENT_ID_BYTES = 16;
  private final ClientStore clients;
  private final TokenGenerator tokens;
  private final Revocations revocations;
  private final Transactions transactions;
  private final InstantSource clock;
  private final Duration longestTokenLifetime;

  /** @param longestTokenLifetime the longest any token issued to a client lives: how long a deletion must revoke them */
  public RegisterClientsService(ClientStore clients, TokenGenerator tokens, Revocations revocations, Transactions transactions, InstantSource clock,
                                Duration longestTokenLifetime) {
    this.clients = clients;
    this.tokens = tokens;
    this.revocations = revocations;
    this.transactions = transactions;
    this.clock = clock;
    this.longestTokenLifetime = longestTokenLifetime;
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
  public Outcome read(String clientId, Manager manager) {
    return switch (managed(clientId, manager)) {
      case Managed.Found found -> new Outcome.Registered(found.client(), Optional.empty(), Optional.empty());
      case Managed.Refused refused -> refused.outcome();
    };
  }

  @Override
  public Outcome update(String clientId, Manager manager, ClientMetadata metadata) {
    return switch (managed(clientId, manager)) {
      case Managed.Refused refused -> refused.outcome();
      case Managed.Found found when manager instanceof Manager.Client -> switch (found.client().selfUpdate(metadata)) {
        case RegisteredClient.Decision.Refused refused -> new Outcome.BeyondApproval(refused.reason());
        case RegisteredClient.Decision.Updated updated -> stored(updated.client(), Optional.empty());
      };
      case Managed.Found found -> {
        if (!found.client().metadata().tenant().equals(metadata.tenant())) {
          yield new Outcome.BeyondApproval("a client's tenant cannot change; register a new client in the other tenant");
        }
        Optional<String> newSecret = metadata.authMethod().usesSecret() && found.client().secretHash().isEmpty()
            ? Optional.of(tokens.randomToken(SECRET_BYTES)) : Optional.empty(); // switched to a secret method: issue one
        yield stored(found.client().approvedAs(metadata, newSecret.map(CredentialHash::of)), newSecret);
      }
    };
  }

  @Override
  public Outcome delete(String clientId, Manager manager) {
    return switch (managed(clientId, manager)) {
      case Managed.Refused refused -> refused.outcome();
      case Managed.Found found -> transactions.inTransaction(() -> { // the client and every token it holds, on every node: together or not at all
        if (!clients.delete(clientId)) {
          return new Outcome.InvalidToken();
        }
        revocations.revoke(new Revocations.Revoked(Revocations.Revoked.Kind.CLIENT, clientId), clock.instant().plus(longestTokenLifetime));
        return new Outcome.Deleted();
      });
    };
  }

  private Outcome stored(RegisteredClient client, Optional<String> newSecret) {
    return clients.update(client) ? new Outcome.Registered(client, newSecret, Optional.empty()) : new Outcome.InvalidToken();
  }

  private sealed interface Managed {
    record Found(RegisteredClient client) implements Managed {}

    record Refused(Outcome outcome) implements Managed {}
  }

  /** The client {@code manager} may manage, or the answer to give: unknown client and wrong token look the same. */
  private Managed managed(String clientId, Manager manager) {
    Optional<RegisteredClient> client = clientId == null ? Optional.empty() : clients.find(clientId);
    return switch (manager) {
      case Manager.Client self -> self.registrationAccessToken() == null ? new Managed.Refused(new Outcome.InvalidToken())
          : client.filter(c -> c.registrationTokenMatches(CredentialHash.of(self.registrationAccessToken())))
              .<Managed>map(Managed.Found::new).orElseGet(() -> new Managed.Refused(new Outcome.InvalidToken()));
      case Manager.Caller caller when client.isEmpty() ->
          new Managed.Refused(caller.context().principal().isAdmin() ? new Outcome.InvalidToken() : new Outcome.Forbidden());
      case Manager.Caller caller -> caller.context().principal().may(Permission.ADMINISTER, client.get().metadata().tenant())
          ? new Managed.Found(client.get()) : new Managed.Refused(new Outcome.Forbidden());
    };
  }
}
