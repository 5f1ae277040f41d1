package dev.portcullis.application.shared.port.out;

import java.time.Instant;
import java.util.Map;

/**
 * Verifies an ID token a provider returned (OIDC Core §3.1.3.7): signature with the provider's JWK Set
 * (asymmetric algorithms only), {@code iss}, {@code aud} (and {@code azp}), {@code exp} (with skew) and
 * {@code nonce}.
 */
public interface IdTokenVerifier {
  Result verify(String idToken, String jwksJson, String issuer, String clientId, String nonce, Instant now);

  sealed interface Result {}

  record Valid(Map<String, Object> claims) implements Result {}

  /** {@code unknownKey}: no key of the set matched the token's kid (the caller may refetch the set once). */
  record Invalid(String reason, boolean unknownKey) implements Result {}
}
