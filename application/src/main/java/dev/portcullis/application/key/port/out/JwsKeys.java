package dev.portcullis.application.key.port.out;

import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.SecretBytes;

/** Key-pair generation and JWS signing (jose4j). Private keys only ever travel as {@link SecretBytes}. */
public interface JwsKeys {
  KeyPair generate(SigningAlgorithm algorithm, String kid);

  /** A compact JWS over {@code payloadJson} with header {@code alg}, {@code kid}, {@code typ}. */
  String sign(SecretBytes privateJwk, SigningAlgorithm algorithm, String kid, String typ, String payloadJson);

  record KeyPair(String publicJwk, SecretBytes privateJwk) {}
}
