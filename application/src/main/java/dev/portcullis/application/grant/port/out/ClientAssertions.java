package dev.portcullis.application.grant.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** RFC 7523 client assertions (jose4j): read the unverified issuer, verify the signature against the client's keys. */
public interface ClientAssertions {
  /** The {@code iss} claim before verification, to find the client whose keys verify the assertion. */
  Optional<String> unverifiedIssuer(String assertion);

  /**
   * Verifies the signature with the key of the client's JWK Set selected by {@code kid} (or the only
   * key, when there is one and no {@code kid}), accepting only {@code allowedAlgorithms}. Claims are
   * the caller's to check.
   */
  Verified verify(String assertion, String clientJwks, Set<String> allowedAlgorithms);

  sealed interface Verified {
    record Valid(Claims claims) implements Verified {}

    record Invalid(String reason) implements Verified {}

    /** No key of the set has the assertion's {@code kid}: a {@code jwks_uri} client may have rotated its keys. */
    record UnknownKey() implements Verified {}
  }

  record Claims(String issuer, String subject, List<String> audience, Optional<Instant> expiresAt, Optional<Instant> notBefore,
                Optional<Instant> issuedAt, Optional<String> jwtId) {}
}
