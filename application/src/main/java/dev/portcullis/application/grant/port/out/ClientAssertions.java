package dev.portcullis.application.grant.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 7523 client assertions (jose4j): parse once, read the unverified issuer (to find the client whose
 * keys verify the assertion), verify the signature against the client's keys.
 */
public interface ClientAssertions {
  /** The assertion parsed, not verified: empty when it is not a compact JWS with a JSON claims set. */
  Optional<Parsed> parse(String assertion);

  /** A parsed assertion: the adapter's own, handed back to {@link #verify(Parsed, String, Set)}; one request's, not shared. */
  interface Parsed {
    /** The {@code iss} claim before verification. */
    Optional<String> unverifiedIssuer();
  }

  /** The {@code iss} claim before verification. */
  default Optional<String> unverifiedIssuer(String assertion) {
    return parse(assertion).flatMap(Parsed::unverifiedIssuer);
  }

  /**
   * Verifies the signature with the key of the client's JWK Set selected by {@code kid} (or the only
   * key, when there is one and no {@code kid}), accepting only {@code allowedAlgorithms}. Claims are
   * the caller's to check. May be asked again of the same assertion with another key set.
   */
  Verified verify(Parsed assertion, String clientJwks, Set<String> allowedAlgorithms);

  /** {@link #parse} and {@link #verify(Parsed, String, Set)} in one. */
  default Verified verify(String assertion, String clientJwks, Set<String> allowedAlgorithms) {
    return parse(assertion).map(parsed -> verify(parsed, clientJwks, allowedAlgorithms)).orElseGet(() -> new Verified.Invalid("the assertion cannot be parsed"));
  }

  sealed interface Verified {
    record Valid(Claims claims) implements Verified {}

    record Invalid(String reason) implements Verified {}

    /** No key of the set has the assertion's {@code kid}: a {@code jwks_uri} client may have rotated its keys. */
    record UnknownKey() implements Verified {}
  }

  record Claims(String issuer, String subject, List<String> audience, Optional<Instant> expiresAt, Optional<Instant> notBefore,
                Optional<Instant> issuedAt, Optional<String> jwtId) {}
}
