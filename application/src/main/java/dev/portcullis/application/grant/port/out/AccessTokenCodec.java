package dev.portcullis.application.grant.port.out;

import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.key.SigningAlgorithm;
import java.util.List;
import java.util.Optional;

/** The JWT form of access tokens (jose4j). Signing itself goes through the signing keys. */
public interface AccessTokenCodec {
  /** The JSON claims set of an access token. */
  String payload(AccessTokenClaims claims);

  /** The JSON claims set of an OpenID Connect ID token. */
  String payload(dev.portcullis.domain.grant.IdTokenClaims claims);

  /**
   * The claims of {@code token} if its signature verifies against one of {@code publishedJwks} with
   * exactly {@code algorithm} and its {@code typ} is {@code at+jwt}; time, issuer and audience are
   * the caller's to check.
   */
  Optional<AccessTokenClaims> verify(String token, List<String> publishedJwks, SigningAlgorithm algorithm);

  /** The claims of one of our ID tokens ({@code typ: JWT}, signature against {@code publishedJwks}); time, issuer and audience are the caller's. */
  Optional<dev.portcullis.domain.grant.IdTokenClaims> verifyIdToken(String token, List<String> publishedJwks, SigningAlgorithm algorithm);
}
