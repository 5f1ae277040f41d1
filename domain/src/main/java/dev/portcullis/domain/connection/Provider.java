package dev.portcullis.domain.connection;

import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A third-party OAuth provider a tenant connects to. Either {@code issuer} (endpoints discovered) or
 * explicit {@code endpoints} (which win over discovered ones). The client secret and the assertion key's
 * private half are kept only sealed, bound to the provider id.
 *
 * @param grantTypes enabled grants: authorization_code, client_credentials, refresh_token, device_code
 *     (RFC 8628's URN), password (off unless listed) and extension grant URIs
 * @param returnUrls where the browser may be sent after an authorization-code connection
 * @param refreshBuffer how long before expiry this provider's tokens are renewed; empty: the deployment's default
 */
public record Provider(String id, TenantId tenant, String name, Optional<URI> issuer, Optional<ProviderEndpoints> endpoints, String clientId,
                       ClientAuthMethod authMethod, Optional<SealedValue> clientSecret, Optional<AssertionKey> assertionKey, List<String> scopes,
                       Set<String> grantTypes, List<URI> returnUrls, Instant createdAt, Instant updatedAt, Optional<Duration> refreshBuffer) {
  public static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
  /** The longest refresh buffer a provider may ask for. */
  public static final Duration MAX_REFRESH_BUFFER = Duration.ofHours(1);

  /** A provider on the deployment's refresh buffer. */
  public Provider(String id, TenantId tenant, String name, Optional<URI> issuer, Optional<ProviderEndpoints> endpoints, String clientId,
                  ClientAuthMethod authMethod, Optional<SealedValue> clientSecret, Optional<AssertionKey> assertionKey, List<String> scopes,
                  Set<String> grantTypes, List<URI> returnUrls, Instant createdAt, Instant updatedAt) {
    this(id, tenant, name, issuer, endpoints, clientId, authMethod, clientSecret, assertionKey, scopes, grantTypes, returnUrls, createdAt, updatedAt,
        Optional.empty());
  }

  public Provider {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    issuer = Objects.requireNonNullElse(issuer, Optional.empty());
    endpoints = Objects.requireNonNullElse(endpoints, Optional.empty());
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(authMethod, "authMethod");
    clientSecret = Objects.requireNonNullElse(clientSecret, Optional.empty());
    assertionKey = Objects.requireNonNullElse(assertionKey, Optional.empty());
    scopes = List.copyOf(scopes);
    grantTypes = Set.copyOf(grantTypes);
    returnUrls = List.copyOf(returnUrls);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    refreshBuffer = Objects.requireNonNullElse(refreshBuffer, Optional.empty());
    if (refreshBuffer.filter(b -> b.isNegative() || b.compareTo(MAX_REFRESH_BUFFER) > 0).isPresent()) {
      throw new IllegalArgumentException("refresh_buffer_seconds must be between 0 and " + MAX_REFRESH_BUFFER.toSeconds());
    }
    if (issuer.isEmpty() && endpoints.isEmpty()) {
      throw new IllegalArgumentException("a provider needs an issuer or explicit endpoints");
    }
  }

  /**
   * Whether {@code other} sends this provider's credentials anywhere else: another issuer or any other
   * endpoint. Moving a provider needs its client credential again (issue 12's endpoint swap).
   */
  public boolean sameDestination(Provider other) {
    return issuer.equals(other.issuer) && endpoints.equals(other.endpoints);
  }

  /** How long before expiry this provider's tokens are renewed: its own buffer, else {@code deploymentDefault}. */
  public Duration refreshBufferOr(Duration deploymentDefault) {
    return refreshBuffer.orElse(deploymentDefault);
  }

  public boolean allows(String grantType) {
    return grantTypes.contains(grantType);
  }

  /**
   * The associated data binding the provider's sealed client secret and private key to it and to its
   * tenant: a row moved to another tenant no longer opens.
   */
  public static byte[] binding(TenantId tenant, String providerId) {
    return ("portcullis-provider/2:" + tenant.value() + ":" + providerId).getBytes(StandardCharsets.UTF_8);
  }

  /** The binding of values sealed before the tenant was part of it: only the one-time re-seal reads it. */
  public static byte[] legacyBinding(String providerId) {
    return ("portcullis-provider:" + providerId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Provider[" + id + ", " + name + ", " + authMethod.wireName() + "]";
  }
}
