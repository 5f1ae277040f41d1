package dev.portcullis.adapter.crypto;

import dev.portcullis.application.grant.port.out.ClientAssertions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** RFC 7523 assertions with jose4j: algorithm allow-list, key by {@code kid} from the client's JWK Set, public keys only. */
public final class JoseClientAssertions implements ClientAssertions {

  /** One request's assertion: the JWS with its compact serialization read, and its claims (unverified until {@link #verify}). */
  private record ParsedJws(JsonWebSignature jws, JwtClaims claims) implements Parsed {
    @Override
    public Optional<String> unverifiedIssuer() {
      try {
        return Optional.ofNullable(claims.getIssuer());
      } catch (org.jose4j.jwt.MalformedClaimException e) {
        return Optional.empty();
      }
    }
  }

  @Override
  public Optional<Parsed> parse(String assertion) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(assertion);
      return Optional.of(new ParsedJws(jws, JwtClaims.parse(jws.getUnverifiedPayload())));
    } catch (Exception e) { // anything unparsable is simply not an assertion
      return Optional.empty();
    }
  }

  @Override
  public Verified verify(Parsed assertion, String clientJwks, Set<String> allowedAlgorithms) {
    if (!(assertion instanceof ParsedJws parsed)) {
      return new Verified.Invalid("not an assertion parsed here");
    }
    try {
      JsonWebSignature jws = parsed.jws();
      jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, allowedAlgorithms.toArray(String[]::new)));
      if (!allowedAlgorithms.contains(jws.getAlgorithmHeaderValue())) {
        return new Verified.Invalid("algorithm " + jws.getAlgorithmHeaderValue() + " is not accepted");
      }
      List<JsonWebKey> keys = keySet(clientJwks);
      String kid = jws.getKeyIdHeaderValue();
      Optional<JsonWebKey> key = kid != null
          ? keys.stream().filter(k -> kid.equals(k.getKeyId())).findFirst()
          : keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
      if (key.isEmpty()) {
        return new Verified.UnknownKey();
      }
      if (!(key.get() instanceof PublicJsonWebKey publicKey)) {
        return new Verified.Invalid("the registered key with this kid is not a public key");
      }
      jws.setKey(publicKey.getPublicKey()); // a new key clears any earlier verdict (a second key set after UnknownKey)
      if (!jws.verifySignature()) {
        return new Verified.Invalid("signature does not verify");
      }
      // the claims were parsed from the very payload the signature now covers: no second parse
      JwtClaims claims = parsed.claims();
      return new Verified.Valid(new Claims(claims.getIssuer(), claims.getSubject(), claims.hasAudience() ? claims.getAudience() : List.of(),
          instant(claims.getExpirationTime()), instant(claims.getNotBefore()), instant(claims.getIssuedAt()), Optional.ofNullable(claims.getJwtId())));
    } catch (Exception e) { // malformed, unsupported algorithm, wrong key type: all one answer
      return new Verified.Invalid("the assertion cannot be verified");
    }
  }

  /**
   * Parsed client key sets by their JSON: parsing (and, for EC keys, point validation) costs more than a
   * P-256 verification, and the same few documents come back on every grant. Bounded; cleared when full.
   * Pure CPU work under the map's lock, so computeIfAbsent is fine (no I/O, see docs/architecture.md).
   */
  private static final int MAX_CACHED_SETS = 10_000;
  private final java.util.concurrent.ConcurrentHashMap<String, List<JsonWebKey>> parsedSets = new java.util.concurrent.ConcurrentHashMap<>();

  private List<JsonWebKey> keySet(String json) {
    if (parsedSets.size() >= MAX_CACHED_SETS) {
      parsedSets.clear();
    }
    return parsedSets.computeIfAbsent(json, text -> {
      try {
        return List.copyOf(new JsonWebKeySet(text).getJsonWebKeys());
      } catch (org.jose4j.lang.JoseException e) {
        throw new IllegalArgumentException("the client's JWK Set cannot be parsed", e);
      }
    });
  }

  private static Optional<Instant> instant(NumericDate date) {
    return Optional.ofNullable(date).map(d -> Instant.ofEpochSecond(d.getValue()));
  }
}
