package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.grant.port.out.ClientAssertions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** An assertion is parsed once: its unverified issuer finds the client, then the same parse is verified (maybe twice, with a newer key set). */
class JoseClientAssertionsTest {
  private static final Set<String> ALLOWED = Set.of("RS384", "ES384");
  private final JoseClientAssertions assertions = new JoseClientAssertions();

  private static String sign(PublicJsonWebKey key, String alg, String payload) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(payload);
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(alg);
    return jws.getCompactSerialization();
  }

  private static String jwks(PublicJsonWebKey... keys) {
    StringBuilder json = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < keys.length; i++) {
      json.append(i == 0 ? "" : ",").append(keys[i].toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    return json.append("]}").toString();
  }

  @Test
  void a_parsed_assertion_names_its_issuer_and_verifies_after_an_unknown_key_with_the_newer_set() throws Exception {
    PublicJsonWebKey old = RsaJwkGenerator.generateJwk(2048);
    old.setKeyId("old");
    PublicJsonWebKey rotated = RsaJwkGenerator.generateJwk(2048);
    rotated.setKeyId("new");
    String assertion = sign(rotated, "RS384", "{\"iss\":\"c1\",\"sub\":\"c1\",\"jti\":\"j1\",\"exp\":1800000240}");

    ClientAssertions.Parsed parsed = assertions.parse(assertion).orElseThrow();

    assertThat(parsed.unverifiedIssuer()).contains("c1");
    assertThat(assertions.verify(parsed, jwks(old), ALLOWED)).isInstanceOf(ClientAssertions.Verified.UnknownKey.class);
    assertThat(assertions.verify(parsed, jwks(old, rotated), ALLOWED)).isInstanceOfSatisfying(ClientAssertions.Verified.Valid.class,
        valid -> assertThat(valid.claims().jwtId()).isEqualTo(Optional.of("j1")));
  }

  @Test
  void a_parse_is_no_verdict_a_forged_payload_with_the_real_signature_fails_and_so_does_a_key_swap_after_a_valid_one() throws Exception {
    PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k");
    PublicJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
    other.setKeyId("k");
    String assertion = sign(key, "RS384", "{\"iss\":\"c1\",\"jti\":\"j1\"}");
    String[] parts = assertion.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"iss\":\"c2\",\"jti\":\"j1\"}".getBytes()) + "." + parts[2];

    ClientAssertions.Parsed parsedForgery = assertions.parse(forged).orElseThrow();
    assertThat(parsedForgery.unverifiedIssuer()).as("parsing believes anything").contains("c2");
    assertThat(assertions.verify(parsedForgery, jwks(key), ALLOWED)).isInstanceOf(ClientAssertions.Verified.Invalid.class);

    ClientAssertions.Parsed parsed = assertions.parse(assertion).orElseThrow();
    assertThat(assertions.verify(parsed, jwks(key), ALLOWED)).isInstanceOf(ClientAssertions.Verified.Valid.class);
    assertThat(assertions.verify(parsed, jwks(other), ALLOWED)).as("an earlier verdict is not reused for another key").isInstanceOf(ClientAssertions.Verified.Invalid.class);
    assertThat(assertions.verify(parsed, jwks(key), Set.of("ES384"))).isInstanceOf(ClientAssertions.Verified.Invalid.class);
  }

  @Test
  void what_is_not_a_compact_jws_with_json_claims_does_not_parse() {
    assertThat(assertions.parse("not.a.jws")).isEmpty();
    assertThat(assertions.parse("")).isEmpty();
    assertThat(assertions.parse("eyJhbGciOiJSUzM4NCJ9.bm90IGpzb24.c2ln")).as("payload is not JSON").isEmpty();
    assertThat(assertions.verify("garbage", "{\"keys\":[]}", ALLOWED)).isInstanceOf(ClientAssertions.Verified.Invalid.class);
  }
}
