package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592). Registration takes
 * an initial access token (today the admin token, as the authenticated caller); reading, updating and
 * deleting a client take its {@code registration_access_token}.
 */
public interface RegisterClients {
  Outcome register(RequestContext caller, ClientMetadata metadata);

  Outcome read(String clientId, String registrationAccessToken);

  Outcome update(String clientId, String registrationAccessToken, ClientMetadata metadata);

  Outcome delete(String clientId, String registrationAccessToken);

  sealed interface Outcome {
    /** {@code clientSecret} and {@code registrationAccessToken} are present only when just issued. */
    record Registered(RegisteredClient client, Optional<String> clientSecret, Optional<String> registrationAccessToken) implements Outcome {}

    record Deleted() implements Outcome {}

    /** The caller may not register clients (not an administrator). */
    record Forbidden() implements Outcome {}

    /** Unknown client or wrong registration access token: indistinguishable on purpose (RFC 7592 §2). */
    record InvalidToken() implements Outcome {}
  }
}
