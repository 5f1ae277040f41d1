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

  /**
   * {@code value} as an absolute http(s) URI with a host and without a fragment, or an
   * {@link IllegalArgumentException} naming {@code name} (never echoing the value).
   */
  public static URI absoluteHttpUrl(String name, String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URI");
    }
    boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawFragment() != null || !web) {
      throw new IllegalArgumentException(name + " must be an absolute https URL with a host and without a fragment");
    }
    return uri;
  }
}
