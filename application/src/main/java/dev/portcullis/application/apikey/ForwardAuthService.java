package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.in.ForwardAuth;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.ResolvedKey;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.Resolution;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import java.time.Duration;
import java.util.Optional;

/**
 * Verifies a credential and mints a fresh JWT (RFC 9068, signed with the platform key, verifiable
 * through our JWKS) for every allowed request; the JWT is never cached, only the key's resolution is.
 */
public final class ForwardAuthService implements ForwardAuth {
  private final ApiKeyVerifier verifier;
  private final AccessTokens accessTokens;
  private final String audience;
  private final Duration lifetime;

  public ForwardAuthService(ApiKeyVerifier verifier, AccessTokens accessTokens, String audience, Duration lifetime) {
    this.verifier = verifier;
    this.accessTokens = accessTokens;
    this.audience = audience;
    this.lifetime = lifetime;
  }

  @Override
  public Outcome apiKey(String rawKey, Optional<String> origin) {
    return switch (verifier.verify(rawKey, origin)) {
      case Resolution.Resolved resolved -> mint(resolved.key());
      case Resolution.Invalid invalid -> new Outcome.Denied("invalid_api_key", 401, "the API key is not valid", Optional.empty());
      case Resolution.NotAllowed notAllowed -> new Outcome.Denied("identity_not_allowed", 403, notAllowed.reason(), Optional.empty());
      case Resolution.BadRequest badRequest -> new Outcome.Denied("invalid_request", 400, badRequest.reason(), Optional.empty());
      case Resolution.Unavailable unavailable -> new Outcome.Denied("key_resolution_unavailable", 503,
          "API keys cannot be verified right now; retry shortly", Optional.of(unavailable.retryAfter()));
    };
  }

  private Outcome mint(ResolvedKey key) {
    IdentityClaims identity = new IdentityClaims(key.identity().email(), key.identity().displayName(), key.identity().tags());
    AccessTokens.Issued issued = accessTokens.issueFor(key.identity().subject(), "api-key:" + key.keyId(), key.tenant(), key.scopes(), identity,
        audience, lifetime);
    return new Outcome.Allowed(issued.token(), lifetime, key.identity().subject(), key.tenant().value(), key.scopes());
  }

  @Override
  public Outcome bearer(String token, Optional<String> origin) {
    Optional<AccessTokenClaims> claims = accessTokens.active(token);
    if (claims.isEmpty()) {
      return new Outcome.Denied("invalid_token", 401, "the bearer token is not valid", Optional.empty());
    }
    AccessTokenClaims c = claims.get();
    AccessTokens.Issued issued = accessTokens.issueFor(c.subject(), c.clientId(), c.tenant(), c.scopes(), c.identity(), audience, lifetime);
    return new Outcome.Allowed(issued.token(), lifetime, c.subject(), c.tenant().value(), c.scopes());
  }
}
