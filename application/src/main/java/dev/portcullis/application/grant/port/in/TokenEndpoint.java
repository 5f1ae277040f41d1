package dev.portcullis.application.grant.port.in;

import java.util.Optional;
import java.util.Set;

/** {@code POST /oauth/token}: the client_credentials grant (RFC 6749 §4.4), with any client authentication we support. */
public interface TokenEndpoint {
  Result clientCredentials(ClientCredential credential, Optional<Set<String>> requestedScope);

  /** Client authentication alone, for grants handled elsewhere (authorization_code, refresh_token): the client id, or the error. */
  Authenticated authenticate(ClientCredential credential);

  sealed interface Authenticated {
    record Client(String clientId) implements Authenticated {}

    record Rejected(OAuthError error) implements Authenticated {}
  }

  sealed interface Result {
    record Issued(String accessToken, long expiresInSeconds, Set<String> scope) implements Result {}

    record Rejected(OAuthError error) implements Result {}
  }
}
