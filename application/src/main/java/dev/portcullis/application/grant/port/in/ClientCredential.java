package dev.portcullis.application.grant.port.in;

import java.util.Optional;

/** How a client authenticates at the token, introspection and revocation endpoints (RFC 6749 §2.3, RFC 7523 §2.2). */
public sealed interface ClientCredential {
  /** {@code client_secret_basic} (HTTP Basic) or {@code client_secret_post} (form parameters). */
  record Secret(Method method, String clientId, String clientSecret) implements ClientCredential {
    public enum Method {
      BASIC,
      POST
    }

    @Override
    public String toString() {
      return "Secret[" + method + ", " + clientId + "]"; // never the secret
    }
  }

  /** {@code private_key_jwt}: a signed JWT, and the {@code client_id} parameter when the request sent one. */
  record Assertion(String assertion, Optional<String> clientIdParameter) implements ClientCredential {
    @Override
    public String toString() {
      return "Assertion[" + clientIdParameter.orElse("?") + "]";
    }
  }

  /** A public client ({@code token_endpoint_auth_method: none}, RFC 6749 §2.1) that only names itself with {@code client_id}. */
  record Public(String clientId) implements ClientCredential {}

  /** True when a failure must be answered with a {@code WWW-Authenticate} challenge (RFC 6749 §5.2). */
  default boolean usedHttpBasic() {
    return this instanceof Secret secret && secret.method() == Secret.Method.BASIC;
  }
}
