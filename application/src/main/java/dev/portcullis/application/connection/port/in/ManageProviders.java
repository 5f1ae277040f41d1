package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** {@code /v1/tenants/{tenant}/providers}: third-party OAuth providers a tenant connects to. */
public interface ManageProviders {
  ConnectionOutcome<Provider> create(RequestContext context, TenantId tenant, ProviderRequest request);

  ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit);

  ConnectionOutcome<Provider> get(RequestContext context, TenantId tenant, String providerId);

  /** Absent fields of {@code changes} stay as they are. */
  ConnectionOutcome<Provider> update(RequestContext context, TenantId tenant, String providerId, ProviderRequest changes);

  ConnectionOutcome<Provider> delete(RequestContext context, TenantId tenant, String providerId);

  /**
   * What the caller sends; every field optional here (create checks what is required).
   *
   * @param privateJwk a private JWK to import for private_key_jwt (else a key is generated)
   */
  record ProviderRequest(Optional<String> name, Optional<String> issuer, Optional<String> authorizationEndpoint, Optional<String> tokenEndpoint,
                         Optional<String> revocationEndpoint, Optional<String> userinfoEndpoint, Optional<String> deviceAuthorizationEndpoint,
                         Optional<String> jwksUri, Optional<String> clientId, Optional<String> authMethod, Optional<SecretBytes> clientSecret,
                         Optional<String> assertionAlgorithm, Optional<SecretBytes> privateJwk, Optional<List<String>> scopes,
                         Optional<List<String>> grantTypes, Optional<List<String>> returnUrls) {
    @Override
    public String toString() {
      return "ProviderRequest[" + name.orElse("") + "]";
    }
  }

  record Listing(List<Provider> providers, Optional<String> nextCursor) {}
}
