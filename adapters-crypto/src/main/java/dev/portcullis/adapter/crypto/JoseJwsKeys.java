package dev.portcullis.adapter.crypto;

import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.SecretBytes;
import java.security.Key;
import java.util.concurrent.ConcurrentHashMap;
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
  /** A handful of signing keys live at a time (current, next, retiring), so a small cap suffices. */
  private static final int MAX_PARSED_KEYS = 16;
  /**
   * Imported private keys by kid. Importing is not free: with ACCP, parsing an EC private JWK costs
   * several times an ES256 signature (docs/crypto-provider.md); the caller keeps the decrypted JWK in
   * memory anyway (SigningKeysService).
   */
  private final ConcurrentHashMap<String, ParsedKey> parsedKeys = new ConcurrentHashMap<>();

  /** The key and the JWK it was parsed from: a cached key is used only for that very JWK, never another one with the same kid. */
  private static final class ParsedKey {
    private final SecretBytes jwk;
    private final Key key;

    ParsedKey(SecretBytes jwk, Key key) {
      this.jwk = jwk;
      this.key = key;
    }
  }

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
      Key privateKey = privateKey(privateJwk, kid);
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

  private Key privateKey(SecretBytes privateJwk, String kid) throws JoseException {
    ParsedKey cached = parsedKeys.get(kid);
    if (cached != null && cached.jwk.equals(privateJwk)) { // constant-time, and false once either side is destroyed
      return cached.key;
    }
    Key key = ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(privateJwk.revealUtf8())).getPrivateKey();
    if (parsedKeys.size() >= MAX_PARSED_KEYS) {
      parsedKeys.clear(); // retired keys: start over rather than track ages
    }
    parsedKeys.put(kid, new ParsedKey(privateJwk, key));
    return key;
  }
}
