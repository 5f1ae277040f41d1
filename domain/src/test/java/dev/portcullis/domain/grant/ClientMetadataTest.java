package dev.portcullis.domain.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The structural rules for {@code jwks} and {@code jwks_uri} (RFC 7517, RFC 7591 §2), JDK only. */
class ClientMetadataTest {
  private static final String EC = "{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"k1\",\"x\":\"AQAB\",\"y\":\"AQAB\"}";
  private static final String RSA = "{\"kty\":\"RSA\",\"kid\":\"r1\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"alg\":\"RS384\",\"use\":\"sig\"}";
  private static final String OKP = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AQAB\",\"key_ops\":[\"verify\"],\"x5c\":[]}";

  private static ClientMetadata withJwks(String jwks) {
    return new ClientMetadata("svc", List.of("client_credentials"), null, null, TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        Optional.of(jwks), Optional.empty(), Set.of(), new TenantId("acme"));
  }

  private static ClientMetadata withJwksUri(String uri) {
    return new ClientMetadata("svc", List.of("client_credentials"), null, null, TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        Optional.empty(), Optional.of(URI.create(uri)), Set.of(), new TenantId("acme"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"keys\":[" + EC + "]}", "{\"keys\":[" + RSA + "," + EC + "," + OKP + "]}", " {\"keys\" : [ ] , \"extra\": {\"n\": null} } ",
      "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"A\\u0041-_\",\"y\":\"AQ\",\"exp\":1.5e3,\"flag\":true}]}"})
  void a_jwk_set_of_complete_public_keys_is_accepted(String jwks) {
    assertThat(withJwks(jwks).jwks()).hasValue(jwks);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"keys\":5}", "{\"keys\":[5]}", "{\"keys\":{}}", "{}", "{\"keys\":[]} trailing", "{\"keys\":[],}",
      "{\"keys\":[],\"keys\":[]}", "{\"keys\":[\"\\x\"]}", "{'keys':[]}", "{\"keys\":[" + EC + "]", "{\"keys\":[01]}"})
  void anything_but_a_json_object_with_a_keys_array_of_objects_is_rejected(String jwks) {
    assertThatThrownBy(() -> withJwks(jwks)).isInstanceOfSatisfying(ClientMetadataError.Rejected.class,
        rejected -> assertThat(rejected.error()).isEqualTo(ClientMetadataError.INVALID_CLIENT_METADATA)).hasMessageStartingWith("jwks");
  }

  @Test
  void each_key_needs_its_type_and_the_members_of_that_type() {
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kid\":\"a\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}")).hasMessageContaining("kty");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\"}]}")).hasMessageContaining("RSA").hasMessageContaining("n");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\"}]}")).hasMessageContaining("e");
    assertThatThrownBy(() -> withJwks("{\"keys\":[" + EC + ",{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQAB\"}]}")).hasMessageContaining("key 2").hasMessageContaining("y");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"EC\",\"x\":\"AQAB\",\"y\":\"AQAB\"}]}")).hasMessageContaining("crv");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-999\",\"x\":\"AQAB\",\"y\":\"AQAB\"}]}")).hasMessageContaining("crv");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}]}")).hasMessageContaining("x");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":7,\"y\":\"AQAB\"}]}")).hasMessageContaining("x");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"\",\"y\":\"AQAB\"}]}")).hasMessageContaining("x");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"not base64url!\",\"y\":\"AQAB\"}]}")).hasMessageContaining("x");
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"RSA \",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}")).hasMessageContaining("kty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "k"})
  void a_private_member_anywhere_is_rejected_even_when_its_name_is_escaped(String member) {
    String escaped = member.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat);

    for (String jwks : List.of(
        "{\"keys\":[" + RSA.replace("}", ",\"" + member + "\":\"c2VjcmV0\"}") + "]}",
        "{\"keys\":[" + EC + "," + EC.replace("}", ",\"" + escaped + "\":\"c2VjcmV0\"}") + "]}",
        "{\"keys\":[" + RSA.replace("}", ",\"oth\":[{\"r\":\"AQ\",\"" + member + "\":\"c2VjcmV0\"}]}") + "]}",
        "{\"" + member + "\":\"c2VjcmV0\",\"keys\":[" + EC + "]}")) {
      assertThatThrownBy(() -> withJwks(jwks)).as(jwks).isInstanceOf(ClientMetadataError.Rejected.class)
          .hasMessageContaining("public keys only").hasMessageNotContaining("c2VjcmV0");
    }
  }

  @Test
  void a_symmetric_key_is_not_a_public_key() {
    assertThatThrownBy(() -> withJwks("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\"}]}")).hasMessageContaining("kty");
  }

  @Test
  void deeply_nested_json_is_rejected_without_exhausting_the_stack() {
    String deep = "{\"keys\":[],\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThatThrownBy(() -> withJwks(deep)).isInstanceOf(ClientMetadataError.Rejected.class).hasMessageStartingWith("jwks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https:///x", "https:/x", "https:x", "https://:443/jwks", "https://user@/jwks"})
  void a_jwks_uri_needs_a_host(String uri) {
    assertThatThrownBy(() -> withJwksUri(uri)).isInstanceOfSatisfying(ClientMetadataError.Rejected.class,
        rejected -> assertThat(rejected.error()).isEqualTo(ClientMetadataError.INVALID_CLIENT_METADATA)).hasMessageContaining("jwks_uri").hasMessageContaining("host");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://keys.example.com/jwks.json", "https://keys.example.com:8443/.well-known/jwks", "http://127.0.0.1:9000/jwks", "http://localhost/jwks"})
  void a_jwks_uri_with_a_host_is_accepted(String uri) {
    assertThat(withJwksUri(uri).jwksUri()).hasValue(URI.create(uri));
  }
}
