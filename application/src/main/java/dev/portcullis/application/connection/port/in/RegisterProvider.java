package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.domain.shared.SecretBytes;
import java.util.List;
import java.util.Optional;

/** {@code POST /v1/tenants/{tenant}/providers}: a third-party OAuth provider the tenant connects to (discovered at once when it names an issuer). */
public interface RegisterProvider {
  ConnectionOutcome<Provider> create(RequestContext context, TenantId tenant, ProviderRequest request);

  /**
   * What the caller sends; every field optional here (create checks what is required).
   *
   * @param privateJwk a private JWK to import for private_key_jwt (else a key is generated)
   * @param refreshBufferSeconds how long before expiry this provider's tokens are renewed (0-3600; empty: unchanged, or the deployment's default)
   */
  record ProviderRequest(Optional<String> name, Optional<String> issuer, Optional<String> authorizationEndpoint, Optional<String> tokenEndpoint,
                         Optional<String> revocationEndpoint, Optional<String> userinfoEndpoint, Optional<String> deviceAuthorizationEndpoint,
                         Optional<String> jwksUri, Optional<String> clientId, Optional<String> authMethod, Optional<SecretBytes> clientSecret,
                         Optional<String> assertionAlgorithm, Optional<SecretBytes> privateJwk, Optional<List<String>> scopes,
                         Optional<List<String>> grantTypes, Optional<List<String>> returnUrls, Optional<Long> refreshBufferSeconds) {
    /**
     * The common case in one call: a provider found by OpenID/RFC 8414 discovery at {@code issuer}, a
     * confidential client with {@code client_secret_basic}, the authorization code and refresh token grants.
     */
    public static ProviderRequest discovered(String name, String issuer, String clientId, SecretBytes clientSecret, List<String> scopes,
                                             List<String> returnUrls) {
      return new ProviderRequest(Optional.of(name), Optional.of(issuer), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(clientId), Optional.of("client_secret_basic"), Optional.of(clientSecret), Optional.empty(),
          Optional.empty(), Optional.of(List.copyOf(scopes)), Optional.of(List.of("authorization_code", "refresh_token")),
          Optional.of(List.copyOf(returnUrls)), Optional.empty());
    }

    /** This request with the provider's own refresh buffer: its tokens are renewed this long before they expire (0-3600). */
    public ProviderRequest withRefreshBufferSeconds(long seconds) {
      return new ProviderRequest(name, issuer, authorizationEndpoint, tokenEndpoint, revocationEndpoint, userinfoEndpoint, deviceAuthorizationEndpoint,
          jwksUri, clientId, authMethod, clientSecret, assertionAlgorithm, privateJwk, scopes, grantTypes, returnUrls, Optional.of(seconds));
    }

    @Override
    public String toString() {
      return "ProviderRequest[" + name.orElse("") + "]";
    }
  }
}
