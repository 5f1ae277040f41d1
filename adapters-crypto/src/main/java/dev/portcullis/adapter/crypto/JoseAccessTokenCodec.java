package dev.portcullis.adapter.crypto;

import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.TokenUse;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** RFC 9068 access tokens with jose4j: builds the claims set; verifies signature, algorithm and {@code typ}. */
public final class JoseAccessTokenCodec implements AccessTokenCodec {
  /** Parsed published keys by their JSON: a handful at a time (current, next, retiring), so a small cap suffices. */
  private static final int MAX_CACHED_KEYS = 64;
  private final java.util.concurrent.ConcurrentHashMap<String, JsonWebKey> parsedKeys = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public String payload(AccessTokenClaims claims) {
    JwtClaims jwt = new JwtClaims();
    jwt.setIssuer(claims.issuer());
    jwt.setSubject(claims.subject());
    jwt.setAudience(claims.audience());
    jwt.setClaim("client_id", claims.clientId());
    jwt.setClaim("tenant", claims.tenant().value());
    jwt.setClaim("scope", String.join(" ", claims.scopes().stream().sorted().toList()));
    jwt.setIssuedAt(NumericDate.fromSeconds(claims.issuedAt().getEpochSecond()));
    jwt.setExpirationTime(NumericDate.fromSeconds(claims.expiresAt().getEpochSecond()));
    jwt.setJwtId(claims.jwtId());
    jwt.setClaim("token_use", claims.use().wireName());
    claims.sessionId().ifPresent(sid -> jwt.setClaim("sid", sid));
    claims.parentJwtId().ifPresent(parent -> jwt.setClaim("parent_jti", parent));
    claims.identity().email().ifPresent(email -> jwt.setClaim("email", email));
    claims.identity().name().ifPresent(name -> jwt.setClaim("name", name));
    if (!claims.identity().groups().isEmpty()) {
      jwt.setStringListClaim("groups", claims.identity().groups());
    }
    return jwt.toJson();
  }

  @Override
  public String payload(dev.portcullis.domain.grant.IdTokenClaims claims) {
    JwtClaims jwt = new JwtClaims();
    jwt.setIssuer(claims.issuer());
    jwt.setSubject(claims.subject());
    jwt.setAudience(claims.audience());
    jwt.setIssuedAt(NumericDate.fromSeconds(claims.issuedAt().getEpochSecond()));
    jwt.setExpirationTime(NumericDate.fromSeconds(claims.expiresAt().getEpochSecond()));
    jwt.setClaim("auth_time", claims.authTime().getEpochSecond());
    claims.nonce().ifPresent(nonce -> jwt.setClaim("nonce", nonce));
    jwt.setClaim("sid", claims.sessionId());
    jwt.setClaim("azp", claims.audience());
    claims.identity().email().ifPresent(email -> jwt.setClaim("email", email));
    claims.identity().name().ifPresent(name -> jwt.setClaim("name", name));
    if (!claims.identity().groups().isEmpty()) {
      jwt.setStringListClaim("groups", claims.identity().groups());
    }
    return jwt.toJson();
  }

  /** Parsing a JWK is pure CPU work, so computeIfAbsent is fine here (no I/O under the map's lock). */
  private JsonWebKey parsed(String jwk) {
    if (parsedKeys.size() > MAX_CACHED_KEYS) {
      parsedKeys.clear(); // rotated-out keys: start over rather than track ages
    }
    return parsedKeys.computeIfAbsent(jwk, json -> {
      try {
        return JsonWebKey.Factory.newJwk(json);
      } catch (org.jose4j.lang.JoseException e) {
        throw new IllegalArgumentException("a published JWK cannot be parsed", e);
      }
    });
  }

  @Override
  public Optional<AccessTokenClaims> verify(String token, List<String> publishedJwks, SigningAlgorithm algorithm) {
    try {
      // RFC 9068 section 4: reject tokens of another type (e.g. an ID token)
      Optional<JwtClaims> signed = signedClaims(token, publishedJwks, algorithm, typ -> typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"));
      if (signed.isEmpty()) {
        return Optional.empty();
      }
      JwtClaims claims = signed.get();
      String scope = claims.getStringClaimValue("scope");
      String useClaim = claims.getStringClaimValue("token_use");
      Optional<TokenUse> use = useClaim == null ? Optional.of(TokenUse.ACCESS) : TokenUse.fromWireName(useClaim); // tokens minted before token_use existed
      if (use.isEmpty() || claims.getAudience().size() != 1) {
        return Optional.empty();
      }
      return Optional.of(new AccessTokenClaims(claims.getIssuer(), claims.getSubject(), claims.getAudience().get(0),
          claims.getStringClaimValue("client_id"), new TenantId(claims.getStringClaimValue("tenant")),
          scope == null || scope.isBlank() ? Set.of() : Set.of(scope.split(" ")),
          Instant.ofEpochSecond(claims.getIssuedAt().getValue()), Instant.ofEpochSecond(claims.getExpirationTime().getValue()), claims.getJwtId(),
          new AccessTokenClaims.IdentityClaims(Optional.ofNullable(claims.getStringClaimValue("email")), Optional.ofNullable(claims.getStringClaimValue("name")),
              claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of()),
          Optional.ofNullable(claims.getStringClaimValue("sid")), use.get(), Optional.ofNullable(claims.getStringClaimValue("parent_jti"))));
    } catch (Exception e) { // any malformed or foreign token is simply not one of ours
      return Optional.empty();
    }
  }

  @Override
  public Optional<dev.portcullis.domain.grant.IdTokenClaims> verifyIdToken(String token, List<String> publishedJwks, SigningAlgorithm algorithm) {
    try {
      Optional<JwtClaims> signed = signedClaims(token, publishedJwks, algorithm, "JWT"::equals); // an access token (at+jwt) is not an ID token
      if (signed.isEmpty()) {
        return Optional.empty();
      }
      JwtClaims claims = signed.get();
      if (claims.getAudience().size() != 1 || !claims.hasClaim("sid") || !claims.hasClaim("auth_time")) {
        return Optional.empty();
      }
      return Optional.of(new dev.portcullis.domain.grant.IdTokenClaims(claims.getIssuer(), claims.getSubject(), claims.getAudience().get(0),
          Instant.ofEpochSecond(claims.getIssuedAt().getValue()), Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
          Instant.ofEpochSecond(claims.getClaimValue("auth_time", Long.class)), Optional.ofNullable(claims.getStringClaimValue("nonce")),
          claims.getStringClaimValue("sid"), AccessTokenClaims.IdentityClaims.NONE));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The claims of a JWS whose {@code typ} passes {@code typ}, signed with {@code algorithm} by the published key its {@code kid} names. */
  private Optional<JwtClaims> signedClaims(String token, List<String> publishedJwks, SigningAlgorithm algorithm, java.util.function.Predicate<String> typ)
      throws org.jose4j.lang.JoseException, org.jose4j.jwt.consumer.InvalidJwtException {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm.jwsName()));
    jws.setCompactSerialization(token);
    String type = jws.getHeader("typ");
    if (type == null || !typ.test(type)) {
      return Optional.empty();
    }
    String kid = jws.getKeyIdHeaderValue();
    JsonWebKey key = null;
    for (String jwk : publishedJwks) {
      JsonWebKey candidate = parsed(jwk);
      if (candidate.getKeyId() != null && candidate.getKeyId().equals(kid)) {
        key = candidate;
      }
    }
    if (!(key instanceof PublicJsonWebKey publicKey)) {
      return Optional.empty();
    }
    jws.setKey(publicKey.getPublicKey());
    return jws.verifySignature() ? Optional.of(JwtClaims.parse(jws.getPayload())) : Optional.empty();
  }
}
