package dev.portcullis.domain.grant;

import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registered client metadata (RFC 7591 §2), validated as a whole in the compact constructor: a
 * {@link ClientMetadataError.Rejected} names the RFC error code and what is wrong.
 *
 * @param jwks the client's public JWK Set as JSON text (for {@code private_key_jwt}), or empty; its
 *     structure is checked by {@link JwkSetRules} (public signing keys with their members, nothing private)
 */
public record ClientMetadata(
    String clientName, List<String> grantTypes, List<String> responseTypes, List<URI> redirectUris,
    TokenEndpointAuthMethod authMethod, Optional<String> jwks, Optional<URI> jwksUri, Set<String> scope, TenantId tenant) {

  public static final Set<String> SUPPORTED_GRANT_TYPES = Set.of("authorization_code", "client_credentials", "refresh_token");
  private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"); // RFC 6749 §3.3 scope-token

  public ClientMetadata {
    clientName = Objects.requireNonNullElse(clientName, "");
    grantTypes = List.copyOf(grantTypes == null || grantTypes.isEmpty() ? List.of("authorization_code") : new LinkedHashSet<>(grantTypes));
    responseTypes = List.copyOf(responseTypes == null || responseTypes.isEmpty()
        ? (grantTypes.contains("authorization_code") ? List.of("code") : List.of()) : new LinkedHashSet<>(responseTypes));
    redirectUris = List.copyOf(redirectUris == null ? List.of() : redirectUris);
    authMethod = Objects.requireNonNullElse(authMethod, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC); // RFC 7591 §2 default
    jwks = Objects.requireNonNullElse(jwks, Optional.empty());
    jwksUri = Objects.requireNonNullElse(jwksUri, Optional.empty());
    scope = Set.copyOf(scope == null ? Set.of() : scope);
    Objects.requireNonNull(tenant, "tenant");

    if (clientName.length() > 256) {
      reject("client_name must be at most 256 characters");
    }
    for (String grant : grantTypes) {
      if (!SUPPORTED_GRANT_TYPES.contains(grant)) {
        reject("grant_types may contain only " + String.join(", ", SUPPORTED_GRANT_TYPES.stream().sorted().toList()) + "; got '" + safe(grant) + "'");
      }
    }
    for (String response : responseTypes) {
      if (!response.equals("code")) {
        reject("response_types may contain only 'code'");
      }
    }
    boolean authorizationCode = grantTypes.contains("authorization_code");
    if (authorizationCode != responseTypes.contains("code")) {
      reject("grant_types authorization_code and response_types code go together (RFC 7591 section 2.1)");
    }
    if (authorizationCode && redirectUris.isEmpty()) {
      throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_REDIRECT_URI, "redirect_uris is required for the authorization_code grant");
    }
    for (URI uri : redirectUris) {
      if (!uri.isAbsolute() || uri.getRawFragment() != null) {
        throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_REDIRECT_URI,
            "each redirect URI must be absolute and without a fragment (RFC 6749 section 3.1.2)");
      }
      if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
        throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_REDIRECT_URI, "http redirect URIs are allowed only for loopback hosts; use https");
      }
    }
    if (authMethod == TokenEndpointAuthMethod.PRIVATE_KEY_JWT && jwks.isPresent() == jwksUri.isPresent()) {
      reject("private_key_jwt needs exactly one of jwks and jwks_uri (RFC 7591 section 2)");
    }
    if (authMethod != TokenEndpointAuthMethod.PRIVATE_KEY_JWT && (jwks.isPresent() || jwksUri.isPresent())) {
      reject("jwks and jwks_uri are only used with token_endpoint_auth_method private_key_jwt");
    }
    jwksUri.ifPresent(uri -> {
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
        reject("jwks_uri must be an absolute URL with a host");
      }
      if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost()))) {
        reject("jwks_uri must be an https URL (http only for loopback hosts)");
      }
    });
    jwks.ifPresent(JwkSetRules::check);
    if (authMethod == TokenEndpointAuthMethod.NONE && grantTypes.contains("client_credentials")) {
      reject("a public client (token_endpoint_auth_method none) cannot use client_credentials");
    }
    for (String token : scope) {
      if (!SCOPE_TOKEN.matcher(token).matches()) {
        reject("scope must be space-separated scope tokens (RFC 6749 section 3.3)");
      }
    }
  }

  /** Parses a space-separated {@code scope} value. */
  public static Set<String> parseScope(String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(List.of(scope.strip().split(" +")));
  }

  public static URI parseUri(String field, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new ClientMetadataError.Rejected(field.equals("redirect_uris") ? ClientMetadataError.INVALID_REDIRECT_URI : ClientMetadataError.INVALID_CLIENT_METADATA,
          field + " must contain valid URIs");
    }
  }

  private static void reject(String description) {
    throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, description);
  }

  private static String safe(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9:._-]", "?");
    return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
  }

  private static boolean isLoopback(String host) {
    return host != null && (host.equals("127.0.0.1") || host.equals("[::1]") || host.toLowerCase(Locale.ROOT).equals("localhost"));
  }
}
