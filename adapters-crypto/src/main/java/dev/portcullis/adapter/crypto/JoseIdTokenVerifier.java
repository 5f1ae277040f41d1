package dev.portcullis.adapter.crypto;

import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/** OIDC Core §3.1.3.7 with jose4j: asymmetric algorithms only, the key by kid from the given JWK Set, exact issuer, audience/azp, exp with 30 s skew, nonce. */
public final class JoseIdTokenVerifier implements IdTokenVerifier {
  private static final String[] ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"};

  @Override
  public Result verify(String idToken, String jwksJson, String issuer, String clientId, String nonce, Instant now) {
    List<JsonWebKey> keys;
    try {
      keys = new JsonWebKeySet(jwksJson).getJsonWebKeys();
    } catch (JoseException e) {
      return new Invalid("the provider's JWK Set cannot be parsed", false);
    }
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(idToken);
      if (new VerificationJwkSelector().select(jws, keys) == null && jws.getKeyIdHeaderValue() != null) {
        return new Invalid("no key of the provider matches the ID token's kid", true);
      }
    } catch (JoseException e) {
      return new Invalid("not a JWS", false);
    }
    try {
      JwtClaims claims = new JwtConsumerBuilder()
          .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS)
          .setVerificationKeyResolver((jws, nested) -> {
            try {
              JsonWebKey key = new VerificationJwkSelector().select(jws, keys);
              if (key == null) {
                throw new UnresolvableKeyException("no key of the provider matches the ID token");
              }
              return key.getKey();
            } catch (JoseException e) {
              throw new UnresolvableKeyException("no key of the provider matches the ID token", e);
            }
          })
          .setExpectedIssuer(issuer)
          .setExpectedAudience(clientId)
          .setRequireExpirationTime()
          .setRequireIssuedAt()
          .setRequireSubject()
          .setAllowedClockSkewInSeconds(30)
          .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
          .build().processToClaims(idToken);
      if (claims.getAudience().size() > 1 && !clientId.equals(claims.getClaimValueAsString("azp"))) {
        return new Invalid("several audiences and azp is not this client", false);
      }
      if (nonce != null && !nonce.isEmpty() && !nonce.equals(claims.getClaimValueAsString("nonce"))) {
        return new Invalid("nonce does not match", false);
      }
      return new Valid(new LinkedHashMap<>(claims.getClaimsMap()));
    } catch (InvalidJwtException e) {
      return new Invalid(reason(e), false);
    } catch (MalformedClaimException e) {
      return new Invalid("malformed claims", false);
    }
  }

  /** A fixed text per failure: jose4j's own messages quote claim values. */
  private static String reason(InvalidJwtException e) {
    if (e.getErrorDetails().isEmpty()) {
      return "invalid ID token";
    }
    return switch (e.getErrorDetails().get(0).getErrorCode()) {
      case ErrorCodes.EXPIRED -> "the ID token has expired";
      case ErrorCodes.ISSUER_INVALID, ErrorCodes.ISSUER_MISSING -> "the ID token's issuer is not the provider";
      case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> "the ID token is not for this client";
      case ErrorCodes.SIGNATURE_INVALID -> "the ID token's signature does not verify";
      case ErrorCodes.ISSUED_AT_MISSING, ErrorCodes.EXPIRATION_MISSING, ErrorCodes.SUBJECT_MISSING -> "the ID token lacks iat, exp or sub";
      default -> "invalid ID token (code " + e.getErrorDetails().get(0).getErrorCode() + ")";
    };
  }
}
