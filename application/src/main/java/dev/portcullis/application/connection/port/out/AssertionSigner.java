package dev.portcullis.application.connection.port.out;

import dev.portcullis.domain.shared.SecretBytes;
import java.util.Map;

/** Keys and signatures for {@code private_key_jwt} client assertions (RFC 7523 §2.2) toward providers. */
public interface AssertionSigner {
  /** A fresh key pair for {@code algorithm} (RS256, RS384, ES256, ES384, PS384...). */
  KeyPair generate(String algorithm);

  /** A private JWK supplied by the caller, checked to fit {@code algorithm}; IllegalArgumentException if it does not. */
  KeyPair imported(String privateJwkJson, String algorithm);

  /** A compact JWS with header {@code typ: JWT}, {@code alg}, {@code kid}; claims as given (strings, numbers). */
  String sign(SecretBytes privateJwk, String algorithm, String keyId, Map<String, Object> claims);

  /** {@code publicJwk} is a JSON object (with kid, alg, use=sig); {@code privateJwk} is the full JWK, to be sealed. */
  record KeyPair(String keyId, String publicJwk, SecretBytes privateJwk) {
    @Override
    public String toString() {
      return "KeyPair[" + keyId + "]";
    }
  }
}
