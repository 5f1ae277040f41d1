package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.in.ExchangeApiKey;
import dev.portcullis.application.apikey.port.in.ForwardAuth;
import dev.portcullis.application.apikey.port.in.MintOutcome;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.ResolvedKey;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.Resolution;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.grant.TokenUse;
import java.time.Duration;
import java.util.Optional;

/**
 * Verifies a credential and mints a fresh JWT (RFC 9068, signed with the platform key, verifiable
 * through our JWKS) for every allowed request; the JWT is never cached, only the key's resolution is.
 * Forward auth mints {@link TokenUse#FORWARDED} tokens for the upstream (never accepted by Portcullis,
 * never re-minted from); the RFC 8693 exchange of an API key mints an {@link TokenUse#EXCHANGED} token
 * for Portcullis's own API. Neither outlives its parent.
 */
public final class ForwardAuthService implements ForwardAuth, ExchangeApiKey {
  private final ApiKeyVerifier verifier;
  private final AccessTokens accessTokens;
  private final Duration lifetime;

  public ForwardAuthService(ApiKeyVerifier verifier, AccessTokens accessTokens, Duration lifetime) {
    this.verifier = verifier;
    this.accessTokens = accessTokens;
    this.lifetime = lifetime;
  }

  @Override
  public MintOutcome apiKey(String rawKey, Optional<String> origin) {
    return withKey(rawKey, origin, TokenUse.FORWARDED);
  }

  @Override
  public MintOutcome exchange(String rawKey) {
    return withKey(rawKey, Optional.empty(), TokenUse.EXCHANGED);
  }

  private MintOutcome withKey(String rawKey, Optional<String> origin, TokenUse use) {
    return switch (verifier.verify(rawKey, origin)) {
      case Resolution.Resolved resolved -> mint(resolved.key(), use);
      case Resolution.Invalid invalid -> new MintOutcome.Denied(MintOutcome.Refusal.INVALID_API_KEY, "the API key is not valid", Optional.empty());
      case Resolution.NotAllowed notAllowed -> new MintOutcome.Denied(MintOutcome.Refusal.IDENTITY_NOT_ALLOWED, notAllowed.reason(), Optional.empty());
      case Resolution.BadRequest badRequest -> new MintOutcome.Denied(MintOutcome.Refusal.BAD_REQUEST, badRequest.reason(), Optional.empty());
      case Resolution.Unavailable unavailable -> new MintOutcome.Denied(MintOutcome.Refusal.UNAVAILABLE,
          "API keys cannot be verified right now; retry shortly", Optional.of(unavailable.retryAfter()));
    };
  }

  private MintOutcome mint(ResolvedKey key, TokenUse use) {
    IdentityClaims identity = new IdentityClaims(key.identity().email(), key.identity().displayName(), key.identity().tags());
    AccessTokens.Issued issued = accessTokens.forApiKey(use, key.keyId(), key.identity().subject(), key.tenant(), key.scopes(), identity, lifetime,
        key.expiresAt());
    return allowed(issued);
  }

  @Override
  public MintOutcome bearer(String token, Optional<String> origin) {
    Optional<AccessTokenClaims> parent = accessTokens.active(token).filter(claims -> claims.use().isPlatform());
    if (parent.isEmpty()) {
      return new MintOutcome.Denied(MintOutcome.Refusal.INVALID_TOKEN, "the bearer token is not valid", Optional.empty());
    }
    return allowed(accessTokens.forwarded(parent.get(), lifetime));
  }

  private MintOutcome allowed(AccessTokens.Issued issued) {
    AccessTokenClaims c = issued.claims();
    Duration expiresIn = Duration.between(c.issuedAt(), c.expiresAt());
    return new MintOutcome.Allowed(issued.token(), expiresIn, c.subject(), c.tenant().value(), c.scopes());
  }
}
