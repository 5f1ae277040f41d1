package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.RegisterProvider.ProviderRequest;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.AssertionKey;
import dev.portcullis.domain.connection.ClientAuthMethod;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.UnicodeText;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider registration or change means: the request's fields on top of the existing provider,
 * validated (names, scopes, grants, return URLs), its endpoints checked under the egress policy and its
 * issuer discovered at once (a wrong issuer is refused now, not at the first connection), its client
 * credential sealed — and never carried to a new destination.
 */
final class ProviderDefinitions {
  static final Set<String> BUILT_IN_GRANTS = Set.of("authorization_code", "client_credentials", "refresh_token", "password", Provider.DEVICE_CODE);
  static final Set<String> ASSERTION_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");
  private final ProviderAccess oauth;
  private final AssertionSigner signer;
  private final Envelope envelope;
  private final InstantSource clock;

  ProviderDefinitions(ProviderAccess oauth, AssertionSigner signer, Envelope envelope, InstantSource clock) {
    this.oauth = oauth;
    this.signer = signer;
    this.envelope = envelope;
    this.clock = clock;
  }

  private static ConnectionOutcome<Provider> invalid(String message) {
    return new ConnectionOutcome.Invalid<>(message);
  }

  /** The provider {@code request} describes, on top of {@code existing} for an update. */
  ConnectionOutcome<Provider> build(String id, TenantId tenant, ProviderRequest request, Optional<Provider> existing) {
    Instant now = clock.instant();
    String name = request.name().or(() -> existing.map(Provider::name)).orElseThrow();
    if (!NAME.matcher(name).matches()) {
      return invalid("name must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String clientId = request.clientId().or(() -> existing.map(Provider::clientId)).orElseThrow();
    if (clientId.isBlank() || clientId.length() > 512) {
      return invalid("client_id must be 1-512 characters");
    }
    Optional<String> issuerText = request.issuer().or(() -> existing.flatMap(Provider::issuer).map(URI::toString));
    Optional<URI> issuer;
    Optional<ProviderEndpoints> endpoints;
    ProviderEndpoints effective;
    try {
      issuer = issuerText.filter(t -> !t.isEmpty()).map(text -> oauth.checkedEndpoint("issuer", text));
      Optional<ProviderEndpoints> before = existing.flatMap(Provider::endpoints);
      Optional<URI> token = endpoint("token_endpoint", request.tokenEndpoint(), before.map(ProviderEndpoints::token));
      Optional<URI> authorization = endpoint("authorization_endpoint", request.authorizationEndpoint(), before.flatMap(ProviderEndpoints::authorization));
      Optional<URI> revocation = endpoint("revocation_endpoint", request.revocationEndpoint(), before.flatMap(ProviderEndpoints::revocation));
      Optional<URI> userinfo = endpoint("userinfo_endpoint", request.userinfoEndpoint(), before.flatMap(ProviderEndpoints::userinfo));
      Optional<URI> device = endpoint("device_authorization_endpoint", request.deviceAuthorizationEndpoint(),
          before.flatMap(ProviderEndpoints::deviceAuthorization));
      Optional<URI> jwks = endpoint("jwks_uri", request.jwksUri(), before.flatMap(ProviderEndpoints::jwks));
      Optional<ProviderEndpoints> discovered = Optional.empty();
      if (issuer.isPresent()) {
        // discovery now, so a wrong issuer is refused at registration, not at the first connection
        switch (oauth.discover(issuer.get())) {
          case ProviderOAuth.Discovery.Found found -> discovered = Optional.of(found.metadata().endpoints());
          case ProviderOAuth.Discovery.Invalid problem -> {
            return invalid(problem.reason());
          }
          case ProviderOAuth.Discovery.Unavailable problem -> {
            return new ConnectionOutcome.Unavailable<>(ProviderOAuth.DEFAULT_RETRY_AFTER, problem.reason());
          }
        }
      } else if (token.isEmpty()) {
        return invalid("either issuer (discovery) or token_endpoint is required");
      }
      Optional<ProviderEndpoints> found = discovered;
      boolean anyExplicit = token.isPresent() || authorization.isPresent() || revocation.isPresent() || userinfo.isPresent() || device.isPresent()
          || jwks.isPresent();
      URI tokenEndpoint = token.orElseGet(() -> found.orElseThrow().token());
      effective = new ProviderEndpoints(authorization.or(() -> found.flatMap(ProviderEndpoints::authorization)), tokenEndpoint,
          revocation.or(() -> found.flatMap(ProviderEndpoints::revocation)), userinfo.or(() -> found.flatMap(ProviderEndpoints::userinfo)),
          device.or(() -> found.flatMap(ProviderEndpoints::deviceAuthorization)), jwks.or(() -> found.flatMap(ProviderEndpoints::jwks)));
      endpoints = anyExplicit ? Optional.of(new ProviderEndpoints(authorization, tokenEndpoint, revocation, userinfo, device, jwks)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    Optional<ClientAuthMethod> method = request.authMethod().map(ClientAuthMethod::fromWireName)
        .orElse(existing.map(Provider::authMethod).or(() -> Optional.of(ClientAuthMethod.CLIENT_SECRET_BASIC)));
    if (method.isEmpty()) {
      return invalid("token_endpoint_auth_method must be client_secret_basic, client_secret_post, private_key_jwt or none");
    }
    List<String> scopes = request.scopes().or(() -> existing.map(Provider::scopes)).orElse(List.of());
    if (scopes.size() > 100 || !scopes.stream().allMatch(s -> SCOPE.matcher(s).matches())) {
      return invalid("scopes must be at most 100 RFC 6749 scope tokens");
    }
    Set<String> grants = new LinkedHashSet<>(request.grantTypes().or(() -> existing.map(p -> List.copyOf(p.grantTypes())))
        .orElse(List.of("authorization_code", "refresh_token")));
    for (String grant : grants) {
      if (!BUILT_IN_GRANTS.contains(grant) && !isAbsoluteUri(grant)) {
        return invalid("grant_types may hold authorization_code, client_credentials, refresh_token, password, " + Provider.DEVICE_CODE
            + " or extension grant URIs; not " + UnicodeText.printable(grant));
      }
    }
    List<URI> returnUrls;
    try {
      returnUrls = request.returnUrls().map(list -> list.stream().map(u -> ProviderEndpoints.absoluteHttpUrl("return_urls", u)).toList())
          .or(() -> existing.map(Provider::returnUrls)).orElse(List.of());
    } catch (IllegalArgumentException e) {
      return invalid("return_urls must be absolute http(s) URLs without a fragment");
    }
    if (returnUrls.size() > 50) {
      return invalid("at most 50 return_urls");
    }
    // a provider that moves (another issuer or endpoint) never takes its stored credential along: the tenant sends it again
    boolean moved = existing.isPresent() && !(existing.get().issuer().equals(issuer) && existing.get().endpoints().equals(endpoints));
    // secrets: a new one replaces, otherwise the existing one stays (unless the provider moves)
    Optional<SealedValue> secret = request.clientSecret().map(s -> envelope.seal(s, Provider.binding(tenant, id)))
        .or(() -> moved ? Optional.empty() : existing.flatMap(Provider::clientSecret));
    if (method.get().usesSecret() && secret.isEmpty()) {
      return invalid(moved ? "the provider moves to another issuer or endpoint: send its client_secret again (a stored secret is never sent to a new destination)"
          : "client_secret is required for " + method.get().wireName());
    }
    if (!method.get().usesSecret()) {
      secret = Optional.empty();
    }
    Optional<AssertionKey> key = Optional.empty();
    if (method.get() == ClientAuthMethod.PRIVATE_KEY_JWT) {
      String algorithm = request.assertionAlgorithm().or(() -> existing.flatMap(Provider::assertionKey).map(AssertionKey::algorithm)).orElse("RS384");
      if (!ASSERTION_ALGORITHMS.contains(algorithm)) {
        return invalid("assertion_alg must be one of " + ASSERTION_ALGORITHMS.stream().sorted().toList());
      }
      Optional<AssertionKey> kept = existing.flatMap(Provider::assertionKey).filter(k -> k.algorithm().equals(algorithm) && !moved); // a move gets a new key
      if (request.privateJwk().isPresent() || kept.isEmpty()) {
        AssertionSigner.KeyPair pair;
        try {
          pair = request.privateJwk().map(jwk -> signer.imported(jwk.revealUtf8(), algorithm)).orElseGet(() -> signer.generate(algorithm));
        } catch (IllegalArgumentException e) {
          return invalid("private_jwk: " + e.getMessage());
        }
        key = Optional.of(new AssertionKey(pair.keyId(), algorithm, pair.publicJwk(), envelope.seal(pair.privateJwk(), Provider.binding(tenant, id))));
      } else {
        key = kept;
      }
    }
    if (grants.contains("authorization_code") && effective.authorization().isEmpty()) {
      return invalid("authorization_code needs an authorization_endpoint");
    }
    if (grants.contains(Provider.DEVICE_CODE) && effective.deviceAuthorization().isEmpty()) {
      return invalid("the device flow needs a device_authorization_endpoint");
    }
    Optional<Duration> refreshBuffer = request.refreshBufferSeconds().map(Duration::ofSeconds).or(() -> existing.flatMap(Provider::refreshBuffer));
    if (refreshBuffer.filter(b -> b.isNegative() || b.compareTo(Provider.MAX_REFRESH_BUFFER) > 0).isPresent()) {
      return invalid("refresh_buffer_seconds must be between 0 and " + Provider.MAX_REFRESH_BUFFER.toSeconds());
    }
    return new ConnectionOutcome.Ok<>(new Provider(id, tenant, name, issuer, endpoints, clientId, method.get(), secret, key, scopes, grants, returnUrls,
        existing.map(Provider::createdAt).orElse(now), now, refreshBuffer));
  }

  private Optional<URI> endpoint(String name, Optional<String> requested, Optional<URI> before) {
    if (requested.isPresent()) {
      return requested.get().isEmpty() ? Optional.empty() : Optional.of(oauth.checkedEndpoint(name, requested.get()));
    }
    return before;
  }

  private static boolean isAbsoluteUri(String text) {
    try {
      URI uri = URI.create(text);
      return uri.isAbsolute() && text.length() <= 512;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
