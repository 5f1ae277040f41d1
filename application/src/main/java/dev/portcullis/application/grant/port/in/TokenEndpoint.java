package dev.portcullis.application.grant.port.in;

import java.util.Optional;
import java.util.Set;

/** {@code POST /oauth/token}. Today: the client_credentials grant with client secrets. */
public interface TokenEndpoint {
  Result clientCredentials(ClientCredentials credentials, Optional<Set<String>> requestedScope);

  /** The client_credentials grant authenticated by a signed JWT (RFC 7523 §2.2, SMART Backend Services). */
  Result clientCredentialsWithAssertion(String clientAssertion, Optional<String> clientIdParameter, Optional<Set<String>> requestedScope);

  /** How the client authenticated (RFC 6749 §2.3.1): HTTP Basic or form parameters. */
  record ClientCredentials(Method method, String clientId, String clientSecret) {
    public enum Method {
      BASIC,
      POST
    }
  }

  sealed interface Result {
    record Issued(String accessToken, long expiresInSeconds, Set<String> scope) implements Result {}

    /** An RFC 6749 §5.2 error: {@code invalid_client} (401), {@code invalid_scope}, {@code unauthorized_client} (400). */
    record Rejected(String error, String description, int status) implements Result {}
  }
}
