package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.domain.key.SigningAlgorithm;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JoseJwsKeysTest {
  private final JoseJwsKeys keys = new JoseJwsKeys();

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void a_signature_verifies_with_the_published_public_key_and_pinned_algorithm(SigningAlgorithm algorithm) throws Exception {
    JwsKeys.KeyPair pair = keys.generate(algorithm, null);
    PublicJsonWebKey published = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(pair.publicJwk());

    String token = keys.sign(pair.privateJwk(), algorithm, published.getKeyId(), "at+jwt", "{\"sub\":\"alice\"}");

    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm.jwsName()));
    jws.setCompactSerialization(token);
    jws.setKey(published.getPublicKey());
    assertThat(jws.verifySignature()).isTrue();
    assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
    assertThat(jws.getKeyIdHeaderValue()).isEqualTo(published.getKeyId()).isEqualTo(published.calculateBase64urlEncodedThumbprint("SHA-256"));
    assertThat(jws.getPayload()).isEqualTo("{\"sub\":\"alice\"}");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void the_public_jwk_carries_no_private_parameter(SigningAlgorithm algorithm) {
    String publicJwk = keys.generate(algorithm, null).publicJwk();

    assertThat(publicJwk).doesNotContain("\"d\"").doesNotContain("\"p\"").doesNotContain("\"q\"").doesNotContain("\"dp\"").contains("\"use\":\"sig\"");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void a_verifier_pinned_to_another_algorithm_rejects_the_token(SigningAlgorithm algorithm) throws Exception {
    JwsKeys.KeyPair pair = keys.generate(algorithm, null);
    PublicJsonWebKey published = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(pair.publicJwk());
    String token = keys.sign(pair.privateJwk(), algorithm, published.getKeyId(), "at+jwt", "{}");

    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "HS256"));
    jws.setCompactSerialization(token);
    jws.setKey(published.getPublicKey());

    assertThatThrownBy(jws::verifySignature).isInstanceOf(org.jose4j.lang.InvalidAlgorithmException.class).hasMessageContaining("is not a permitted algorithm");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void another_private_key_under_a_kid_already_used_signs_with_its_own_key_not_a_cached_one(SigningAlgorithm algorithm) throws Exception {
    JwsKeys.KeyPair first = keys.generate(algorithm, "same-kid");
    JwsKeys.KeyPair second = keys.generate(algorithm, "same-kid");
    keys.sign(first.privateJwk(), algorithm, "same-kid", "at+jwt", "{}");

    String token = keys.sign(second.privateJwk(), algorithm, "same-kid", "at+jwt", "{}");

    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm.jwsName()));
    jws.setCompactSerialization(token);
    jws.setKey(((PublicJsonWebKey) JsonWebKey.Factory.newJwk(second.publicJwk())).getPublicKey());
    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void a_destroyed_private_key_no_longer_signs_even_after_it_was_used() {
    JwsKeys.KeyPair pair = keys.generate(SigningAlgorithm.ES256, "k");
    keys.sign(pair.privateJwk(), SigningAlgorithm.ES256, "k", "at+jwt", "{}");

    pair.privateJwk().destroy();

    assertThatThrownBy(() -> keys.sign(pair.privateJwk(), SigningAlgorithm.ES256, "k", "at+jwt", "{}")).isInstanceOf(IllegalStateException.class);
  }
}
