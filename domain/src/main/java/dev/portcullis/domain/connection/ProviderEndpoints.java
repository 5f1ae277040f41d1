package dev.portcullis.domain.connection;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's endpoints: configured explicitly, or discovered from its issuer (RFC 8414 / OIDC
 * Discovery / SMART). Only the token endpoint is always needed.
 */
public record ProviderEndpoints(Optional<URI> authorization, URI token, Optional<URI> revocation, Optional<URI> userinfo, Optional<URI> deviceAuthorization,
                                Optional<URI> jwks) {
  public ProviderEndpoints {
    authorization = Objects.requireNonNullElse(authorization, Optional.empty());
    Objects.requireNonNull(token, "token");
    revocation = Objects.requireNonNullElse(revocation, Optional.empty());
    userinfo = Objects.requireNonNullElse(userinfo, Optional.empty());
    deviceAuthorization = Objects.requireNonNullElse(deviceAuthorization, Optional.empty());
    jwks = Objects.requireNonNullElse(jwks, Optional.empty());
  }
}
