package dev.portcullis.adapter.crypto;

import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.SecretBytes;
import java.security.Key;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Key pairs and JWS signatures with jose4j. The kid is the RFC 7638 JWK thumbprint (SHA-256). */
public final class JoseJwsKeys implements JwsKeys {

  @Override
  public KeyPair generate(SigningAlgorithm algorithm, String kidOrNull) {
    try {
      PublicJsonWebKey jwk = switch (algorithm) {
        case ES256 -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
        case RS256 -> RsaJwkGenerator.generateJwk(2048);
        case EdDSA -> OkpJwkGenerator.generateJwk("Ed25519");
      };
      jwk.setKeyId(kidOrNull != null ? kidOrNull : jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
      jwk.setAlgorithm(algorithm.jwsName());
      jwk.setUse("sig");
      return new KeyPair(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
          SecretBytes.ofUtf8(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
    } catch (JoseException e) {
      throw new IllegalStateException("could not generate a " + algorithm + " key", e);
    }
  }

  @Override
  public String sign(SecretBytes privateJwk, SigningAlgorithm algorithm, String kid, String typ, String payloadJson) {
    try {
      Key privateKey = ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(privateJwk.revealUtf8())).getPrivateKey();
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(payloadJson);
      jws.setKey(privateKey);
      jws.setAlgorithmHeaderValue(switch (algorithm) {
        case ES256 -> AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        case RS256 -> AlgorithmIdentifiers.RSA_USING_SHA256;
        case EdDSA -> AlgorithmIdentifiers.EDDSA;
      });
      jws.setKeyIdHeaderValue(kid);
      jws.setHeader("typ", typ);
      return jws.getCompactSerialization();
    } catch (JoseException | ClassCastException e) {
      throw new IllegalStateException("signing with key " + kid + " failed", e);
    }
  }
}
