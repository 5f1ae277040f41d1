package dev.portcullis.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizationCodeTest {
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final URI REDIRECT = URI.create("https://app.example/callback");
  private final AuthorizationCode code = new AuthorizationCode(new byte[32], "s1", "spa", REDIRECT, Pkce.challengeOf(VERIFIER),
      Instant.parse("2026-12-01T10:01:00Z"));

  @Test
  void the_client_of_the_authorization_request_with_its_verifier_may_redeem() {
    assertThat(code.redemptionRefusal("spa", REDIRECT, VERIFIER)).isEmpty();
  }

  @Test
  void rfc6749_4_1_3_another_client_or_redirect_uri_is_refused() {
    assertThat(code.redemptionRefusal("other", REDIRECT, VERIFIER)).get().asString().contains("client_id and redirect_uri");
    assertThat(code.redemptionRefusal("spa", URI.create("https://app.example/other"), VERIFIER)).isPresent();
  }

  @Test
  void rfc7636_4_6_a_wrong_verifier_is_refused() {
    assertThat(code.redemptionRefusal("spa", REDIRECT, VERIFIER.replace('d', 'e'))).get().asString().contains("code_verifier");
  }
}
