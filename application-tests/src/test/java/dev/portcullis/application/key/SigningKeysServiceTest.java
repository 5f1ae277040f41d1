package dev.portcullis.application.key;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.key.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signing key rotation: a new key is published before it signs (the overlap), tokens signed by the old key keep verifying, only the administrator rotates. */
class SigningKeysServiceTest {
  private final Grants grants = new Grants();

  private String kidOfNewToken() {
    String token = grants.accessTokens.issue("c", ACME, Set.of("a"));
    String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void a_rotated_key_is_published_at_once_signs_only_after_the_overlap_and_the_old_tokens_keep_verifying() {
    String before = kidOfNewToken();

    SigningKey successor = grants.signingKeys.rotate(admin()).orElseThrow();

    assertThat(grants.signingKeys.jwks()).as("published before it signs, so every verifier has it").anyMatch(jwk -> jwk.contains(successor.kid()))
        .anyMatch(jwk -> jwk.contains(before));
    grants.platform.clock.advance(Grants.OVERLAP.minusMinutes(1));
    assertThat(kidOfNewToken()).as("during the overlap").isEqualTo(before);
    String oldToken = grants.accessTokens.issue("c", ACME, Set.of("a"));
    grants.platform.clock.advance(Duration.ofMinutes(2));
    assertThat(kidOfNewToken()).isEqualTo(successor.kid());
    assertThat(grants.accessTokens.current(oldToken)).as("a token of the old key still verifies while it lives").isPresent();
    assertThat(grants.platform.audited(Auditor.SYSTEM, AuditAction.SIGNING_KEY_ROTATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void the_jwks_never_holds_a_private_member() {
    grants.signingKeys.rotate(admin());

    assertThat(grants.signingKeys.jwks()).isNotEmpty().allSatisfy(jwk -> assertThat(jwk).doesNotContain("\"d\":").doesNotContain("\"p\":"));
  }

  @Test
  void a_retired_key_leaves_the_jwks_once_no_token_it_signed_can_still_be_alive() {
    String first = kidOfNewToken();
    grants.signingKeys.rotate(admin());
    grants.platform.clock.advance(Grants.OVERLAP.plusSeconds(1));
    kidOfNewToken(); // the successor signs

    grants.platform.clock.advance(Duration.ofHours(2)); // longer than any token lives

    assertThat(grants.signingKeys.jwks()).noneMatch(jwk -> jwk.contains(first));
  }

  @Test
  void a_tenant_credential_cannot_rotate_or_list_signing_keys_and_the_attempt_is_audited() {
    var tenantCaller = client(ACME, "secrets:write", "api-keys:write");
    int keys = grants.signingKeys.list(admin()).orElseThrow().size();

    assertThat(grants.signingKeys.rotate(tenantCaller)).isEmpty();
    assertThat(grants.signingKeys.list(tenantCaller)).isEmpty();
    assertThat(grants.signingKeys.list(admin()).orElseThrow()).hasSize(keys);
    assertThat(grants.platform.audited(ACME, AuditAction.SIGNING_KEY_ROTATE, AuditOutcome.DENIED)).as("in the caller's own tenant").isTrue();
  }
}
