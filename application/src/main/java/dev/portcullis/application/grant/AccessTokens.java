package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.application.key.port.in.SigningKeys;
import dev.portcullis.application.shared.BearerTokenVerifier;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and verifies our JWT access tokens (RFC 9068): {@code typ: at+jwt}, signed with the platform
 * key, {@code aud} = the issuer (Portcullis's own API). Verification pins the algorithm we sign with
 * and checks issuer, audience and expiry against the injected clock.
 */
public final class AccessTokens implements BearerTokenVerifier {
  private final SigningKeys signingKeys;
  private final AccessTokenCodec codec;
  private final TokenGenerator tokens;
  private final InstantSource clock;
  private final String issuer;
  private final Duration lifetime;
  private final SigningAlgorithm algorithm;

  public AccessTokens(SigningKeys signingKeys, AccessTokenCodec codec, TokenGenerator tokens, InstantSource clock, String issuer,
                      Duration lifetime, SigningAlgorithm algorithm) {
    this.signingKeys = signingKeys;
    this.codec = codec;
    this.tokens = tokens;
    this.clock = clock;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.algorithm = algorithm;
  }

  public String issue(String clientId, TenantId tenant, Set<String> scopes) {
    Instant now = clock.instant();
    AccessTokenClaims claims = new AccessTokenClaims(issuer, clientId, issuer, clientId, tenant, scopes, now, now.plus(lifetime), tokens.randomToken(16));
    return signingKeys.sign("at+jwt", codec.payload(claims));
  }

  public Duration lifetime() {
    return lifetime;
  }

  @Override
  public Optional<Principal> verify(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty(); // not a JWS compact serialization: not ours to judge
    }
    return codec.verify(token, signingKeys.jwks(), algorithm)
        .filter(claims -> claims.acceptableAt(clock.instant(), issuer, issuer))
        .map(claims -> new Principal.Client(claims.clientId(), claims.tenant(), claims.scopes()));
  }
}
