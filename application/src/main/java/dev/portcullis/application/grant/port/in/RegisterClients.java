package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592). Registration takes
 * an initial access token (today the admin token, as the authenticated caller). A client manages itself
 * with its {@code registration_access_token}, within what an administrator approved
 * ({@link dev.portcullis.domain.grant.ApprovedRegistration}); an administrator manages any client of a
 * tenant it administers, and its update becomes the new approval.
 */
public interface RegisterClients {
  Outcome register(RequestContext caller, ClientMetadata metadata);

  Outcome read(String clientId, Manager manager);

  Outcome update(String clientId, Manager manager, ClientMetadata metadata);

  Outcome delete(String clientId, Manager manager);

  /** Who manages a registered client. */
  sealed interface Manager {
    /** The client itself, by its registration access token (RFC 7592 §2). */
    record Client(String registrationAccessToken) implements Manager {
      @Override
      public String toString() {
        return "Client[registration token]";
      }
    }

    /** An authenticated caller; only an administrator may manage clients this way. */
    record Caller(RequestContext context) implements Manager {}
  }

  sealed interface Outcome {
    /** {@code clientSecret} and {@code registrationAccessToken} are present only when just issued. */
    record Registered(RegisteredClient client, Optional<String> clientSecret, Optional<String> registrationAccessToken) implements Outcome {}

    record Deleted() implements Outcome {}

    /** The caller may not register or manage clients (not an administrator). */
    record Forbidden() implements Outcome {}

    /** Unknown client or wrong registration access token: indistinguishable on purpose (RFC 7592 §2). */
    record InvalidToken() implements Outcome {}

    /** A client's own update asked for more than the approved registration ({@code invalid_client_metadata}). */
    record BeyondApproval(String reason) implements Outcome {}
  }
}
