package dev.portcullis.domain.grant;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an administrator approved for a client: the ceiling of the client's own RFC 7592 updates. With its
 * registration access token a client may narrow its scope, grant types and redirect URIs and change
 * cosmetic metadata (name) or rotate inline {@code jwks}; it may never widen beyond this, switch its
 * authentication method, or point {@code jwks_uri} elsewhere. Only an administrator's update moves the
 * ceiling.
 */
public record ApprovedRegistration(Set<String> scope, Set<String> grantTypes, TokenEndpointAuthMethod authMethod, Set<URI> redirectUris,
                                   Optional<URI> jwksUri) {
  public ApprovedRegistration {
    scope = Set.copyOf(scope);
    grantTypes = Set.copyOf(grantTypes);
    Objects.requireNonNull(authMethod, "authMethod");
    redirectUris = Set.copyOf(redirectUris);
    jwksUri = Objects.requireNonNullElse(jwksUri, Optional.empty());
  }

  /** The ceiling an administrator sets by registering (or updating) a client with {@code metadata}. */
  public static ApprovedRegistration of(ClientMetadata metadata) {
    return new ApprovedRegistration(metadata.scope(), Set.copyOf(metadata.grantTypes()), metadata.authMethod(), Set.copyOf(metadata.redirectUris()),
        metadata.jwksUri());
  }

  /** Why a client's own update to {@code requested} goes beyond what was approved; empty when it stays within. */
  public Optional<String> refusalOf(ClientMetadata requested) {
    List<String> problems = new ArrayList<>();
    Set<String> widerScope = new TreeSet<>(requested.scope());
    widerScope.removeAll(scope);
    if (!widerScope.isEmpty()) {
      problems.add("scope beyond the approved registration (" + String.join(" ", widerScope) + ")");
    }
    Set<String> widerGrants = new TreeSet<>(requested.grantTypes());
    widerGrants.removeAll(grantTypes);
    if (!widerGrants.isEmpty()) {
      problems.add("grant_types beyond the approved registration (" + String.join(" ", widerGrants) + ")");
    }
    if (requested.authMethod() != authMethod) {
      problems.add("another token_endpoint_auth_method");
    }
    if (!redirectUris.containsAll(requested.redirectUris())) {
      problems.add("redirect_uris beyond the approved registration");
    }
    if (!requested.jwksUri().equals(jwksUri)) {
      problems.add(jwksUri.isPresent() ? "another jwks_uri" : "a jwks_uri where inline jwks were approved");
    }
    return problems.isEmpty() ? Optional.empty()
        : Optional.of("a client's own update (RFC 7592) may only narrow what an administrator approved; this one asks for " + String.join(", ", problems));
  }
}
