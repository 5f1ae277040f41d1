package dev.portcullis.application.grant;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.port.in.DeleteClientRegistration;
import dev.portcullis.application.grant.port.in.ReadClientRegistration;
import dev.portcullis.application.grant.port.in.RegisterClient;
import dev.portcullis.application.grant.port.in.RegistrationManager;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.application.grant.port.in.UpdateClientRegistration;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.Duration;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.ClientMetadataError;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.Permission;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 7591 registration and RFC 7592 management of one aggregate, the registered client: one class
 * behind four one-method ports, because the four share the approval rules and the manager check.
 */
public final class ClientRegistrationService implements RegisterClient, ReadClientRegistration, UpdateClientRegistration, DeleteClientRegistration {
  /** 256 bits for secrets and registration tokens, 128 bits for client ids. */
  static final int SECRET_BYTES = 32;
  static final int CLIENT_ID_BYTES = 16;
  private final ClientStore clients;
  private final TokenGenerator tokens;
  private final Revocations revocations;
  private final Transactions transactions;
  private final InstantSource clock;
  private final Duration longestTokenLifetime;
  private final EgressPolicy egress;
  private final Auditor auditor;

  /** @param longestTokenLifetime the longest any token issued to a client lives: how long a deletion must revoke them */
  /** @param egress where a registered {@code jwks_uri} may point (Portcullis fetches it) */
  public ClientRegistrationService(ClientStore clients, TokenGenerator tokens, Revocations revocations, Transactions transactions, InstantSource clock,
                                Duration longestTokenLifetime, EgressPolicy egress, Auditor auditor) {
    this.egress = egress;
    this.auditor = auditor;
    this.clients = clients;
    this.tokens = tokens;
    this.revocations = revocations;
    this.transactions = transactions;
    this.clock = clock;
    this.longestTokenLifetime = longestTokenLifetime;
  }

  @Override
  public RegistrationOutcome register(RequestContext caller, ClientMetadata metadata) {
    if (!caller.principal().may(Permission.ADMINISTER, metadata.tenant())) {
      auditor.record(caller, metadata.tenant(), AuditAction.CLIENT_REGISTER, "*", AuditOutcome.DENIED);
      return new RegistrationOutcome.Forbidden();
    }
    checkEgress(metadata);
    String clientId = tokens.randomToken(CLIENT_ID_BYTES);
    Optional<String> secret = metadata.authMethod().usesSecret() ? Optional.of(tokens.randomToken(SECRET_BYTES)) : Optional.empty();
    String registrationToken = tokens.randomToken(SECRET_BYTES);
    RegisteredClient client = new RegisteredClient(clientId, metadata, secret.map(CredentialHash::of), CredentialHash.of(registrationToken), clock.instant());
    transactions.inTransaction(() -> {
      clients.add(client);
      auditor.record(caller, metadata.tenant(), AuditAction.CLIENT_REGISTER, clientId, AuditOutcome.SUCCESS);
      return null;
    });
    return new RegistrationOutcome.Registered(client, secret, Optional.of(registrationToken));
  }

  @Override
  public RegistrationOutcome read(String clientId, RegistrationManager manager) {
    return switch (managed(clientId, manager, AuditAction.CLIENT_UPDATE)) {
      case Managed.Found found -> new RegistrationOutcome.Registered(found.client(), Optional.empty(), Optional.empty());
      case Managed.Refused refused -> refused.outcome();
    };
  }

  @Override
  public RegistrationOutcome update(String clientId, RegistrationManager manager, ClientMetadata metadata) {
    return switch (managed(clientId, manager, AuditAction.CLIENT_UPDATE)) {
      case Managed.Refused refused -> refused.outcome();
      case Managed.Found found when manager instanceof RegistrationManager.Client -> switch (found.client().selfUpdate(metadata)) {
        case RegisteredClient.Decision.Refused refused -> new RegistrationOutcome.BeyondApproval(refused.reason());
        case RegisteredClient.Decision.Updated updated -> stored(manager, updated.client(), Optional.empty());
      };
      case Managed.Found found -> {
        if (!found.client().metadata().tenant().equals(metadata.tenant())) {
          yield new RegistrationOutcome.BeyondApproval("a client's tenant cannot change; register a new client in the other tenant");
        }
        checkEgress(metadata);
        Optional<String> newSecret = metadata.authMethod().usesSecret() && found.client().secretHash().isEmpty()
            ? Optional.of(tokens.randomToken(SECRET_BYTES)) : Optional.empty(); // switched to a secret method: issue one
        yield stored(manager, found.client().approvedAs(metadata, newSecret.map(CredentialHash::of)), newSecret);
      }
    };
  }

  @Override
  public RegistrationOutcome delete(String clientId, RegistrationManager manager) {
    return switch (managed(clientId, manager, AuditAction.CLIENT_DELETE)) {
      case Managed.Refused refused -> refused.outcome();
      case Managed.Found found -> transactions.inTransaction(() -> { // the client and every token it holds, on every node: together or not at all
        if (!clients.delete(clientId)) {
          return new RegistrationOutcome.InvalidToken();
        }
        revocations.revoke(new Revocations.Revoked(Revocations.Revoked.Kind.CLIENT, clientId), clock.instant().plus(longestTokenLifetime));
        audit(manager, found.client(), AuditAction.CLIENT_DELETE);
        return new RegistrationOutcome.Deleted();
      });
    };
  }

  /** A {@code jwks_uri} is fetched by Portcullis: it must be somewhere the egress policy allows. */
  private void checkEgress(ClientMetadata metadata) {
    metadata.jwksUri().flatMap(egress::refusal).ifPresent(refusal -> {
      throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, "jwks_uri: " + refusal);
    });
  }

  private RegistrationOutcome stored(RegistrationManager manager, RegisteredClient client, Optional<String> newSecret) {
    return transactions.inTransaction(() -> {
      if (!clients.update(client)) {
        return new RegistrationOutcome.InvalidToken();
      }
      audit(manager, client, AuditAction.CLIENT_UPDATE);
      return new RegistrationOutcome.Registered(client, newSecret, Optional.empty());
    });
  }

  private void audit(RegistrationManager manager, RegisteredClient client, AuditAction action) {
    switch (manager) {
      case RegistrationManager.Caller caller -> auditor.record(caller.context(), client.metadata().tenant(), action, client.clientId(), AuditOutcome.SUCCESS);
      case RegistrationManager.Client self -> auditor.record("client:" + client.clientId(), client.metadata().tenant(), action, client.clientId(), AuditOutcome.SUCCESS,
          "with its registration access token");
    }
  }

  private sealed interface Managed {
    record Found(RegisteredClient client) implements Managed {}

    record Refused(RegistrationOutcome outcome) implements Managed {}
  }

  /** The client {@code manager} may manage, or the answer to give: unknown client and wrong token look the same. */
  private Managed managed(String clientId, RegistrationManager manager, AuditAction attempted) {
    Optional<RegisteredClient> client = clientId == null ? Optional.empty() : clients.find(clientId);
    return switch (manager) {
      case RegistrationManager.Client self -> self.registrationAccessToken() == null ? new Managed.Refused(new RegistrationOutcome.InvalidToken())
          : client.filter(c -> c.registrationTokenMatches(CredentialHash.of(self.registrationAccessToken())))
              .<Managed>map(Managed.Found::new).orElseGet(() -> new Managed.Refused(new RegistrationOutcome.InvalidToken()));
      case RegistrationManager.Caller caller when client.isEmpty() ->
          new Managed.Refused(caller.context().principal().isAdmin() ? new RegistrationOutcome.InvalidToken() : new RegistrationOutcome.Forbidden());
      case RegistrationManager.Caller caller when caller.context().principal().may(Permission.ADMINISTER, client.get().metadata().tenant()) ->
          new Managed.Found(client.get());
      case RegistrationManager.Caller caller -> {
        auditor.record(caller.context(), client.get().metadata().tenant(), attempted, client.get().clientId(), AuditOutcome.DENIED);
        yield new Managed.Refused(new RegistrationOutcome.Forbidden());
      }
    };
  }
}
