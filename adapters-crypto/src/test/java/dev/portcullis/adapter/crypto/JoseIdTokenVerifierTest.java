package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OIDC Core §3.1.3.7 against a provider key set, judged at a given instant. */
class JoseIdTokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String ISSUER = "https://idp.example.com";
  private static PublicJsonWebKey key;
  private static String jwks;
  private final JoseIdTokenVerifier verifier = new JoseIdTokenVerifier();

  @BeforeAll
  static void keys() throws Exception {
    key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    key.setKeyId("k1");
    jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  private static JwtClaims claims(String issuer, List<String> audience, String nonce, Instant exp) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject("alice");
    claims.setIssuedAt(NumericDate.fromMilliseconds(NOW.minusSeconds(10).toEpochMilli()));
    claims.setExpirationTime(NumericDate.fromMilliseconds(exp.toEpochMilli()));
    claims.setClaim("nonce", nonce);
    return claims;
  }

  private static String signed(JwtClaims claims, String kid) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(kid);
    jws.setAlgorithmHeaderValue("ES256");
    return jws.getCompactSerialization();
  }

  private IdTokenVerifier.Result verify(String token) {
    return verifier.verify(token, jwks, ISSUER, "vault", "n-1", NOW);
  }

  @Test
  void a_valid_id_token_gives_its_claims() throws Exception {
    IdTokenVerifier.Result result = verify(signed(claims(ISSUER, List.of("vault"), "n-1", NOW.plusSeconds(300)), "k1"));

    assertThat(result).isInstanceOf(IdTokenVerifier.Valid.class);
    assertThat(((IdTokenVerifier.Valid) result).claims()).containsEntry("sub", "alice");
  }

  @Test
  void wrong_issuer_audience_nonce_azp_or_an_expired_token_is_invalid() throws Exception {
    assertThat(verify(signed(claims("https://evil.example.com", List.of("vault"), "n-1", NOW.plusSeconds(300)), "k1")))
        .isEqualTo(new IdTokenVerifier.Invalid("the ID token's issuer is not the provider", false));
    assertThat(verify(signed(claims(ISSUER, List.of("someone-else"), "n-1", NOW.plusSeconds(300)), "k1")))
        .isEqualTo(new IdTokenVerifier.Invalid("the ID token is not for this client", false));
    assertThat(verify(signed(claims(ISSUER, List.of("vault"), "n-2", NOW.plusSeconds(300)), "k1")))
        .isEqualTo(new IdTokenVerifier.Invalid("nonce does not match", false));
    assertThat(verify(signed(claims(ISSUER, List.of("vault", "other"), "n-1", NOW.plusSeconds(300)), "k1")))
        .isEqualTo(new IdTokenVerifier.Invalid("several audiences and azp is not this client", false));
    assertThat(verify(signed(claims(ISSUER, List.of("vault"), "n-1", NOW.minusSeconds(60)), "k1")))
        .isEqualTo(new IdTokenVerifier.Invalid("the ID token has expired", false));
  }

  @Test
  void an_unknown_kid_says_so_so_the_caller_can_refetch_and_tampering_or_hmac_fails() throws Exception {
    assertThat(verify(signed(claims(ISSUER, List.of("vault"), "n-1", NOW.plusSeconds(300)), "rotated-key")))
        .isEqualTo(new IdTokenVerifier.Invalid("no key of the provider matches the ID token's kid", true));
    String good = signed(claims(ISSUER, List.of("vault"), "n-1", NOW.plusSeconds(300)), "k1");
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA" + "." + parts[2];
    assertThat(verify(tampered)).isInstanceOf(IdTokenVerifier.Invalid.class);
    JsonWebSignature hmac = new JsonWebSignature();
    hmac.setPayload(claims(ISSUER, List.of("vault"), "n-1", NOW.plusSeconds(300)).toJson());
    hmac.setKey(new HmacKey(new byte[32]));
    hmac.setAlgorithmHeaderValue("HS256");
    hmac.setKeyIdHeaderValue("k1");
    assertThat(verify(hmac.getCompactSerialization())).isInstanceOf(IdTokenVerifier.Invalid.class);
  }
}
