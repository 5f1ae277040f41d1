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
    @Override
    public String toString() {
      return "ProviderRequest[" + name.orElse("") + "]";
    }
  }
}
