package dev.portcullis.application.grant.port.in;

import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;

/** What a registration or a management call of RFC 7591/7592 came to. */
public sealed interface RegistrationOutcome {
  /** {@code clientSecret} and {@code registrationAccessToken} are present only when just issued. */
  record Registered(RegisteredClient client, Optional<String> clientSecret, Optional<String> registrationAccessToken) implements RegistrationOutcome {}

  record Deleted() implements RegistrationOutcome {}

  /** The caller may not register or manage clients (not an administrator). */
  record Forbidden() implements RegistrationOutcome {}

  /** Unknown client or wrong registration access token: indistinguishable on purpose (RFC 7592 §2). */
  record InvalidToken() implements RegistrationOutcome {}

  /** A client's own update asked for more than the approved registration ({@code invalid_client_metadata}). */
  record BeyondApproval(String reason) implements RegistrationOutcome {}
}
