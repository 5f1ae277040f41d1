package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import java.util.Optional;
import java.util.Set;

/**
 * The client_credentials grant (RFC 6749 §4.4) and client authentication for the other grants: what the
 * token endpoint's one use case ({@link dev.portcullis.application.token.port.in.IssueToken}) dispatches
 * to. Not an inbound port: no adapter calls it.
 */
public interface ClientCredentialsGrant {
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
