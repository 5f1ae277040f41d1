package dev.portcullis.application.apikey;

import static dev.portcullis.application.fixtures.Grants.aMachineClient;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.admin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.apikey.port.in.CreateApiKey.Created;
import dev.portcullis.application.apikey.port.in.CreateApiKey.NewKey;
import dev.portcullis.application.apikey.port.in.ApiKeyOutcome;
import dev.portcullis.application.apikey.port.in.MintOutcome;
import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.fixtures.Keys;
import dev.portcullis.application.grant.ClientCredentialsGrant.Result;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.grant.TokenUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Forward auth and the RFC 8693 key exchange: a verified credential gets a fresh short-lived JWT that
 * carries exactly what the credential holds, never outlives it and dies with it.
 */
class ForwardAuthServiceTest {
  private final Grants grants = new Grants();
  private final Keys keys = new Keys(grants);
  private final ApiKeyVerifier verifier = new ApiKeyVerifier(new StoreApiKeyResolver(keys.store, grants.platform.clock, keys.checksums), keys.feed,
      grants.platform.clock, new ApiKeyVerifier.Settings("pcl", Duration.ofSeconds(30), Duration.ofSeconds(5), 100), new LastUsed(keys.store),
      Suspension.PLAIN);
  private final ForwardAuthService forwardAuth = new ForwardAuthService(verifier, grants.accessTokens, Keys.FORWARD_TOKEN_LIFETIME);

  @Test
  void a_valid_key_gets_a_forwarded_jwt_with_its_tenant_and_scopes_and_another_one_each_call() {
    Created created = keys.created(admin(), ACME, "orders:read");

    MintOutcome.Allowed first = (MintOutcome.Allowed) forwardAuth.apiKey(created.fullKey(), Optional.empty());
    MintOutcome.Allowed second = (MintOutcome.Allowed) forwardAuth.apiKey(created.fullKey(), Optional.empty());

    assertThat(first.tenant()).isEqualTo(ACME.value());
    assertThat(first.scopes()).containsExactly("orders:read");
    assertThat(first.subject()).isEqualTo("ci-bot");
    assertThat(first.jwt()).as("never cached").isNotEqualTo(second.jwt());
    assertThat(first.jwt()).doesNotContain(created.fullKey());
    assertThat(grants.accessTokens.verify(first.jwt())).as("a forwarded token is for the upstream, never a credential for Portcullis").isEmpty();
  }

  @Test
  void rfc8693_an_exchanged_key_gets_a_token_for_portcullis_own_api_with_the_keys_scopes() {
    Created created = keys.created(admin(), ACME, "secrets:read");

    MintOutcome.Allowed exchanged = (MintOutcome.Allowed) forwardAuth.exchange(created.fullKey());

    var claims = grants.accessTokens.active(exchanged.jwt()).orElseThrow();
    assertThat(claims.use()).isEqualTo(TokenUse.EXCHANGED);
    assertThat(claims.scopes()).containsExactly("secrets:read");
    assertThat(grants.accessTokens.verify(exchanged.jwt())).isPresent();
  }

  @Test
  void a_malformed_unknown_or_tampered_key_is_invalid_api_key() {
    Created created = keys.created(admin(), ACME, "orders:read");
    String raw = created.fullKey();
    String tampered = raw.substring(0, raw.length() - 1) + (raw.endsWith("0") ? "1" : "0");

    for (String attempt : List.of("", "garbage", "pcl_0000000000000000_" + "0".repeat(64), tampered)) {
      assertThat(forwardAuth.apiKey(attempt, Optional.empty())).as(attempt).isInstanceOfSatisfying(MintOutcome.Denied.class,
          denied -> assertThat(denied.refusal()).isEqualTo(MintOutcome.Refusal.INVALID_API_KEY));
    }
  }

  @Test
  void no_token_outlives_its_key_the_jwt_ends_when_the_key_expires() {
    Instant keyExpiry = grants.platform.clock.instant().plus(Duration.ofMinutes(2));
    NewKey shortLived = new NewKey("ci", Set.of("orders:read"), new ApiKeyIdentity("ci-bot", Optional.empty(), Optional.empty(), List.of()), List.of(),
        Optional.of(keyExpiry));
    Created created = ((ApiKeyOutcome.Ok<Created>) keys.keys.create(admin(), ACME, shortLived)).value();

    MintOutcome.Allowed allowed = (MintOutcome.Allowed) forwardAuth.exchange(created.fullKey());

    assertThat(allowed.expiresIn()).as("min(5 min, the key's 2 min)").isLessThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(grants.accessTokens.active(allowed.jwt()).orElseThrow().expiresAt()).isBeforeOrEqualTo(keyExpiry);
  }

  @Test
  void revoking_the_key_kills_the_tokens_already_minted_from_it_and_refuses_the_next() {
    Created created = keys.created(admin(), ACME, "secrets:read");
    MintOutcome.Allowed exchanged = (MintOutcome.Allowed) forwardAuth.exchange(created.fullKey());

    keys.keys.revoke(admin(), ACME, created.key().id());

    assertThat(grants.accessTokens.active(exchanged.jwt())).as("dies with its parent").isEmpty();
    assertThat(forwardAuth.exchange(created.fullKey())).isInstanceOf(MintOutcome.Denied.class);
  }

  @Test
  void a_bearer_platform_token_is_forwarded_with_its_own_scopes_and_a_forwarded_token_cannot_be_forwarded_again() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));
    String platformToken = ((Result.Issued) grants.clientCredentials.clientCredentials(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC,
        registered.client().clientId(), registered.clientSecret().orElseThrow()), Optional.empty())).accessToken();

    MintOutcome.Allowed forwarded = (MintOutcome.Allowed) forwardAuth.bearer(platformToken, Optional.empty());

    assertThat(forwarded.scopes()).containsExactly("orders:read");
    assertThat(grants.accessTokens.active(forwarded.jwt()).orElseThrow().expiresAt())
        .isBeforeOrEqualTo(grants.accessTokens.active(platformToken).orElseThrow().expiresAt());
    assertThat(forwardAuth.bearer(forwarded.jwt(), Optional.empty())).as("not a platform token").isInstanceOfSatisfying(MintOutcome.Denied.class,
        denied -> assertThat(denied.refusal()).isEqualTo(MintOutcome.Refusal.INVALID_TOKEN));
    assertThat(forwardAuth.bearer("garbage", Optional.empty())).isInstanceOf(MintOutcome.Denied.class);
  }

  @Test
  void a_revoked_parent_token_takes_its_forwarded_token_with_it() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));
    var credential = new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, registered.client().clientId(), registered.clientSecret().orElseThrow());
    String platformToken = ((Result.Issued) grants.clientCredentials.clientCredentials(credential, Optional.empty())).accessToken();
    MintOutcome.Allowed forwarded = (MintOutcome.Allowed) forwardAuth.bearer(platformToken, Optional.empty());

    grants.tokenStatus.revoke(credential, platformToken);

    assertThat(grants.accessTokens.active(forwarded.jwt())).isEmpty();
  }
}
