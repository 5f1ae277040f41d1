package dev.portcullis.adapter.crypto;

import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.SecretBytes;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Client assertion keys and signatures (RFC 7523, SMART Backend Services) with jose4j: RSA 2048 for
 * RS/PS algorithms, the matching NIST curve for ES algorithms; kid = RFC 7638 thumbprint. Parsed private
 * keys are cached by the SHA-256 of their JWK (bounded). Messages never quote key material.
 */
public final class JoseAssertionSigner implements AssertionSigner {
  private static final int MAX_PARSED_KEYS = 256;
  private final ConcurrentHashMap<String, Key> parsedKeys = new ConcurrentHashMap<>();

  @Override
  public KeyPair generate(String algorithm) {
    try {
      PublicJsonWebKey jwk = switch (family(algorithm)) {
        case "RSA" -> RsaJwkGenerator.generateJwk(2048);
        case "P-256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
        case "P-384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
        default -> EcJwkGenerator.generateJwk(EllipticCurves.P521);
      };
      jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
      return pair(jwk, algorithm);
    } catch (JoseException e) {
      throw new IllegalStateException("could not generate a " + algorithm + " key", e);
    }
  }

  @Override
  public KeyPair imported(String privateJwkJson, String algorithm) {
    PublicJsonWebKey jwk;
    try {
      if (!(JsonWebKey.Factory.newJwk(privateJwkJson) instanceof PublicJsonWebKey parsed)) {
        throw new IllegalArgumentException("the JWK must be an RSA or EC key");
      }
      jwk = parsed;
    } catch (JoseException e) {
      throw new IllegalArgumentException("the JWK cannot be parsed");
    }
    if (jwk.getPrivateKey() == null) {
      throw new IllegalArgumentException("the JWK has no private part");
    }
    String family = family(algorithm);
    boolean fits = family.equals("RSA") ? jwk instanceof RsaJsonWebKey rsa && ((RSAKey) rsa.getPublicKey()).getModulus().bitLength() >= 2048
        : jwk instanceof EllipticCurveJsonWebKey ec && family.equals(ec.getCurveName());
    if (!fits) {
      throw new IllegalArgumentException(algorithm + " needs " + (family.equals("RSA") ? "an RSA key of at least 2048 bits" : "an EC key on " + family));
    }
    if (jwk.getKeyId() == null || jwk.getKeyId().isBlank()) {
      jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
    }
    return pair(jwk, algorithm);
  }

  private static KeyPair pair(PublicJsonWebKey jwk, String algorithm) {
    jwk.setAlgorithm(algorithm);
    jwk.setUse("sig");
    return new KeyPair(jwk.getKeyId(), jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
        SecretBytes.ofUtf8(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
  }

  /** RSA, or the curve an ES algorithm needs; IllegalArgumentException for anything else. */
  private static String family(String algorithm) {
    return switch (algorithm) {
      case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> "RSA";
      case "ES256" -> "P-256";
      case "ES384" -> "P-384";
      case "ES512" -> "P-521";
      default -> throw new IllegalArgumentException("assertion algorithm " + algorithm.replaceAll("[^A-Za-z0-9]", "?")
          + " is not supported (RS256/384/512, PS256/384/512, ES256/384/512)");
    };
  }

  @Override
  public String sign(SecretBytes privateJwk, String algorithm, String keyId, Map<String, Object> claims) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(JsonUtil.toJson(claims));
      jws.setKey(privateKey(privateJwk));
      jws.setAlgorithmHeaderValue(algorithm);
      jws.setKeyIdHeaderValue(keyId);
      jws.setHeader("typ", "JWT");
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("signing a client assertion with key " + keyId + " failed");
    }
  }

  private Key privateKey(SecretBytes privateJwk) throws JoseException {
    String json = privateJwk.revealUtf8();
    String id = HexFormat.of().formatHex(CredentialHash.of(json));
    Key cached = parsedKeys.get(id);
    if (cached != null) {
      return cached;
    }
    Key key = ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(json)).getPrivateKey();
    if (parsedKeys.size() >= MAX_PARSED_KEYS) {
      parsedKeys.clear();
    }
    parsedKeys.put(id, key);
    return key;
  }
}
