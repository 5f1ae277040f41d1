package dev.portcullis.application.connection;

import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.connection.port.out.ProviderOAuth.ClientAuthentication;
import dev.portcullis.application.connection.port.out.ProviderOAuth.DeviceStart;
import dev.portcullis.application.connection.port.out.ProviderOAuth.Discovery;
import dev.portcullis.application.connection.port.out.ProviderOAuth.Metadata;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the token vault reaches a registered provider: which endpoints (registered ones win, the rest
 * discovered and cached, all under the egress policy) and with which client authentication (the sealed
 * client secret opened, or an RFC 7523 assertion signed for the endpoint it goes to). The protocol itself
 * is {@link ProviderOAuth}'s.
 */
public final class ProviderAccess {
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
  private final ProviderOAuth oauth;
  private final AssertionSigner signer;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final ExpiringCache<String, Metadata> discovered;
  private final Duration metadataTtl;
  private final EgressPolicy egress;

  /** @param egress where a provider's URLs (all chosen by a tenant) may point */
  public ProviderAccess(ProviderOAuth oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock, Duration metadataTtl,
                        EgressPolicy egress) {
    this(oauth, signer, envelope, random, clock, metadataTtl, egress, dev.portcullis.application.shared.port.out.Decisions.NONE);
  }

  /** @param decisions counts and times every call to a provider by operation and outcome */
  public ProviderAccess(ProviderOAuth oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock, Duration metadataTtl,
                        EgressPolicy egress, dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.oauth = new CountedProviderOAuth(oauth, decisions, clock);
    this.signer = signer;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
    this.metadataTtl = metadataTtl;
    this.egress = egress;
    this.discovered = new ExpiringCache<>(1_000);
  }

  public Discovery discover(URI issuer) {
    return oauth.discover(issuer);
  }

  /**
   * An absolute http(s) URI with a host and without a fragment that the egress policy allows (https unless
   * the operator allows plain http; no internal addresses unless allow-listed). The policy's reason names
   * nothing the caller did not send.
   */
  public URI checkedEndpoint(String name, String value) {
    URI uri = ProviderEndpoints.absoluteHttpUrl(name, value);
    Optional<String> refused = egress.refusal(uri);
    if (refused.isPresent()) {
      throw new IllegalArgumentException(name + ": " + refused.get());
    }
    return uri;
  }

  /** The endpoints to use: explicit ones win, the rest come from discovery (cached). */
  public sealed interface Endpoints {
    record Resolved(Metadata metadata) implements Endpoints {}

    record Unresolved(String reason, boolean unavailable) implements Endpoints {}
  }

  public Endpoints endpoints(Provider provider) {
    if (provider.issuer().isEmpty()) {
      return new Endpoints.Resolved(new Metadata(Optional.empty(), provider.endpoints().orElseThrow()));
    }
    String key = provider.id() + "|" + provider.updatedAt();
    Optional<Metadata> cached = discovered.get(key, clock.instant());
    Metadata metadata;
    if (cached.isPresent()) {
      metadata = cached.get();
    } else {
      switch (oauth.discover(provider.issuer().get())) {
        case Discovery.Found found -> {
          metadata = found.metadata();
          discovered.put(key, metadata, clock.instant().plus(metadataTtl));
        }
        case Discovery.Invalid invalid -> {
          return new Endpoints.Unresolved(invalid.reason(), false);
        }
        case Discovery.Unavailable unavailable -> {
          return new Endpoints.Unresolved(unavailable.reason(), true);
        }
      }
    }
    if (provider.endpoints().isEmpty()) {
      return new Endpoints.Resolved(metadata);
    }
    ProviderEndpoints explicit = provider.endpoints().get();
    ProviderEndpoints found = metadata.endpoints();
    return new Endpoints.Resolved(new Metadata(metadata.issuer(), new ProviderEndpoints(explicit.authorization().or(found::authorization), explicit.token(),
        explicit.revocation().or(found::revocation), explicit.userinfo().or(found::userinfo), explicit.deviceAuthorization().or(found::deviceAuthorization),
        explicit.jwks().or(found::jwks))));
  }

  /** A token request with {@code grant} parameters, authenticated as the provider's client. */
  public TokenResult token(Provider provider, ProviderEndpoints endpoints, Map<String, String> grant) {
    return oauth.token(endpoints.token(), authentication(provider), grant);
  }

  /** RFC 7009: true when the provider confirmed; false when it has no endpoint or failed. Never throws. */
  public boolean revoke(Provider provider, ProviderEndpoints endpoints, String token, String tokenTypeHint) {
    return endpoints.revocation().map(endpoint -> oauth.revoke(endpoint, authentication(provider), token, tokenTypeHint)).orElse(false);
  }

  /** RFC 8628 §3.1–3.2 at the provider's device authorization endpoint (which must be there). */
  public DeviceStart deviceAuthorization(Provider provider, ProviderEndpoints endpoints, String scope) {
    return oauth.deviceAuthorization(endpoints.deviceAuthorization().orElseThrow(), authentication(provider), scope);
  }

  /** OIDC Core §5.3 at {@code endpoint} with the connection's access token. */
  public ProviderOAuth.UserinfoResult userinfo(URI endpoint, String accessToken) {
    return oauth.userinfo(endpoint, accessToken);
  }

  /** Fetches a JWK Set (for ID token verification). */
  public Optional<String> jwks(URI jwksUri) {
    return oauth.jwks(jwksUri);
  }

  ClientAuthentication authentication(Provider provider) {
    return switch (provider.authMethod()) {
      case CLIENT_SECRET_BASIC -> new ClientAuthentication.SecretBasic(provider.clientId(), clientSecret(provider));
      case CLIENT_SECRET_POST -> new ClientAuthentication.SecretPost(provider.clientId(), clientSecret(provider));
      case PRIVATE_KEY_JWT -> new ClientAuthentication.PrivateKeyJwt(provider.clientId(), endpoint -> assertion(provider, endpoint));
      case NONE -> new ClientAuthentication.None(provider.clientId());
    };
  }

  private dev.portcullis.domain.shared.SecretBytes clientSecret(Provider provider) {
    return envelope.open(provider.clientSecret().orElseThrow(() -> new IllegalStateException("provider " + provider.id() + " has no client secret")),
        Provider.binding(provider.tenant(), provider.id()));
  }

  /** RFC 7523 §3 / SMART Backend Services: iss = sub = client_id, aud = the endpoint, exp 5 minutes ahead, unique jti. */
  String assertion(Provider provider, URI audience) {
    var key = provider.assertionKey().orElseThrow(() -> new IllegalStateException("provider " + provider.id() + " has no assertion key"));
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", provider.clientId());
    claims.put("sub", provider.clientId());
    claims.put("aud", audience.toString());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
    claims.put("jti", random.randomToken(24));
    return signer.sign(envelope.open(key.privateJwk(), Provider.binding(provider.tenant(), provider.id())), key.algorithm(), key.keyId(), claims);
  }
}
