package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.connection.port.out.AssertionSigner.KeyPair;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

/** RFC 7523 §3 client assertions as SMART Backend Services want them: typ JWT, kid, the algorithm's key type. */
class JoseAssertionSignerTest {
  private final JoseAssertionSigner signer = new JoseAssertionSigner();

  private static JsonWebSignature verified(String compact, String publicJwk) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(compact);
    jws.setKey(((PublicJsonWebKey) JsonWebKey.Factory.newJwk(publicJwk)).getPublicKey());
    assertThat(jws.verifySignature()).isTrue();
    return jws;
  }

  @Test
  void every_supported_algorithm_generates_a_key_whose_signatures_verify_with_its_public_jwk() throws Exception {
    for (String algorithm : List.of("RS384", "ES384", "ES256", "PS256", "ES512")) {
      KeyPair pair = signer.generate(algorithm);

      String compact = signer.sign(pair.privateJwk(), algorithm, pair.keyId(), Map.of("iss", "client-1", "exp", 1_800_000_000L, "jti", "j-" + algorithm));

      JsonWebSignature jws = verified(compact, pair.publicJwk());
      assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(algorithm);
      assertThat(jws.getKeyIdHeaderValue()).isEqualTo(pair.keyId());
      assertThat(jws.getHeader("typ")).isEqualTo("JWT");
      JwtClaims claims = JwtClaims.parse(jws.getPayload());
      assertThat(claims.getIssuer()).isEqualTo("client-1");
      assertThat(claims.getExpirationTime().getValue()).isEqualTo(1_800_000_000L);
      assertThat(pair.publicJwk()).doesNotContain("\"d\"").contains("\"kid\"").contains("\"use\":\"sig\"");
    }
  }

  @Test
  void rfc7638_the_kid_is_the_thumbprint_and_an_imported_key_keeps_its_own() throws Exception {
    PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    String thumbprint = ec.calculateBase64urlEncodedThumbprint("SHA-256");
    assertThat(signer.imported(ec.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), "ES384").keyId()).isEqualTo(thumbprint);
    ec.setKeyId("my-key-1");
    KeyPair imported = signer.imported(ec.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), "ES384");
    assertThat(imported.keyId()).isEqualTo("my-key-1");
    verified(signer.sign(imported.privateJwk(), "ES384", "my-key-1", Map.of("sub", "x")), imported.publicJwk());
  }

  @Test
  void wrong_key_types_public_only_keys_and_symmetric_algorithms_are_refused_without_quoting_the_key() throws Exception {
    PublicJsonWebKey p256 = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    String privateJwk = p256.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    String d = (String) org.jose4j.json.JsonUtil.parseJson(privateJwk).get("d");

    assertThatThrownBy(() -> signer.imported(privateJwk, "ES384")).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(d);
    assertThatThrownBy(() -> signer.imported(privateJwk, "RS384")).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(d);
    assertThatThrownBy(() -> signer.imported(p256.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), "ES256")).hasMessageContaining("no private part");
    assertThatThrownBy(() -> signer.generate("HS256")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.imported("{\"kty\":\"oct\",\"k\":\"" + d + "\"}", "ES256")).hasMessageNotContaining(d);
  }
}
