package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.grant.port.out.ClientAssertions;
import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.TenantId;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JcaProvidersTest {
  private static JcaProviders.Active active;

  @BeforeAll
  static void install() {
    active = JcaProviders.install();
  }

  @Test
  void ecdsa_signatures_and_ec_key_generation_come_from_the_chosen_provider() throws Exception {
    assertThat(Security.getProviders()[0]).isSameAs(active.provider());
    assertThat(Signature.getInstance("SHA384withECDSA").getProvider()).isSameAs(active.provider());
    assertThat(Signature.getInstance("SHA256withECDSA").getProvider()).isSameAs(active.provider());
    assertThat(KeyPairGenerator.getInstance("EC").getProvider()).isSameAs(active.provider());
  }

  @Test
  void on_linux_x86_64_the_choice_is_accp_with_native_aws_lc_and_elsewhere_bouncycastle_saying_why() {
    String arch = System.getProperty("os.arch");
    boolean shippedPlatform = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));

    if (shippedPlatform) { // the ACCP jar we ship is the linux-x86_64 one: there it must load
      assertThat(active.isNative()).isTrue();
      assertThat(active.description()).startsWith("AmazonCorrettoCryptoProvider 2.5.0 (native AWS-LC");
    } else {
      assertThat(active.isNative()).isFalse();
      assertThat(active.description()).startsWith("BC 1.84 (ACCP unavailable: ");
    }
  }

  @Test
  void installing_again_keeps_one_copy_of_the_same_provider_in_first_place() {
    JcaProviders.Active again = JcaProviders.install();
    JcaProviders.install();

    assertThat(again).isEqualTo(active);
    assertThat(Security.getProviders()[0]).isSameAs(active.provider());
    assertThat(Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(active.provider().getName()))).hasSize(1);
  }

  @Test
  void without_accp_the_choice_is_bouncycastle_and_says_why() {
    JcaProviders.Active fallback = JcaProviders.choose(() -> {
      throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider for linux-aarch64");
    });

    assertThat(fallback.isNative()).isFalse();
    assertThat(fallback.provider().getName()).isEqualTo("BC");
    assertThat(fallback.description()).isEqualTo("BC 1.84 (ACCP unavailable: UnsatisfiedLinkError: no amazonCorrettoCryptoProvider for linux-aarch64)");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void access_tokens_signed_by_jose_jws_keys_verify_through_the_codec(SigningAlgorithm algorithm) {
    JoseJwsKeys keys = new JoseJwsKeys();
    JoseAccessTokenCodec codec = new JoseAccessTokenCodec();
    JwsKeys.KeyPair pair = keys.generate(algorithm, "k1");
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    AccessTokenClaims claims = new AccessTokenClaims("https://issuer.example", "client-1", "https://issuer.example", "client-1",
        new TenantId("acme"), Set.of("secrets:read"), now, now.plusSeconds(300), "jti-1");

    String token = keys.sign(pair.privateJwk(), algorithm, "k1", "at+jwt", codec.payload(claims));

    assertThat(codec.verify(token, List.of(pair.publicJwk()), algorithm)).contains(claims);
    assertThat(codec.verify(token.substring(0, token.length() - 4) + "AAAA", List.of(pair.publicJwk()), algorithm)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "RS384", "PS384", "EdDSA"})
  void client_assertions_verify_through_jose_client_assertions(String alg) throws Exception {
    PublicJsonWebKey key = switch (alg) {
      case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
      case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
      case "EdDSA" -> OkpJwkGenerator.generateJwk("Ed25519");
      default -> RsaJwkGenerator.generateJwk(2048);
    };
    key.setKeyId("kid-" + alg);
    String jwks = "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload("{\"iss\":\"c1\",\"sub\":\"c1\",\"aud\":\"https://issuer.example/oauth/token\",\"exp\":1800000240,\"jti\":\"j1\"}");
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(alg);
    String assertion = jws.getCompactSerialization();
    Set<String> allowed = Set.of("RS384", "ES384", "ES256", "PS384", "EdDSA");

    ClientAssertions.Verified verified = new JoseClientAssertions().verify(assertion, jwks, allowed);
    ClientAssertions.Verified tampered = new JoseClientAssertions().verify(assertion.substring(0, assertion.length() - 4) + "AAAA", jwks, allowed);

    assertThat(verified).isInstanceOfSatisfying(ClientAssertions.Verified.Valid.class,
        v -> assertThat(v.claims().jwtId()).isEqualTo(Optional.of("j1")));
    assertThat(tampered).isInstanceOf(ClientAssertions.Verified.Invalid.class);
  }

  @Test
  void keys_from_jose4j_jwks_are_used_by_the_chosen_provider_not_handed_on_to_sunec() throws Exception {
    PublicJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    PublicJsonWebKey published = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(generated.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    Signature signer = Signature.getInstance("SHA384withECDSA");
    Signature verifier = Signature.getInstance("SHA384withECDSA");

    signer.initSign(generated.getPrivateKey());
    verifier.initVerify(published.getPublicKey());

    assertThat(signer.getProvider()).isSameAs(active.provider());
    assertThat(verifier.getProvider()).isSameAs(active.provider());
  }
}
