package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JoseAccessTokenCodec;
import dev.portcullis.adapter.crypto.JoseJwsKeys;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.SecureTokenGenerator;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.adapter.memory.key.InMemorySigningKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.key.SigningKeySettings;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.domain.grant.AccessTokenClaims;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** RFC 9068 verification rules on the real components, with a clock moved by hand (no sleeping). */
class AccessTokensTest {
  private static final String ISSUER = "https://auth.example.com";
  private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final SigningKeysService signingKeys = new SigningKeysService(new InMemorySigningKeyStore(), new JoseJwsKeys(), secrets,
      new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), clock), new Auditor(new InMemoryAuditLog(), clock), clock,
      new SigningKeySettings(SigningAlgorithm.ES256, Duration.ofMinutes(10), Duration.ofHours(1)));
  private final dev.portcullis.application.testing.LocalFeed feed = dev.portcullis.application.testing.LocalFeed.on(clock);
  private final dev.portcullis.application.shared.Revocations revocations = new dev.portcullis.application.shared.Revocations(feed.feed(), clock);
  private final AtomicInteger signatureChecks = new AtomicInteger();
  private final AccessTokens tokens = accessTokens(ISSUER);


  private AccessTokens accessTokens(String issuer) {
    JoseAccessTokenCodec jose = new JoseAccessTokenCodec();
    AccessTokenCodec counting = new AccessTokenCodec() {
      @Override
      public String payload(AccessTokenClaims claims) {
        return jose.payload(claims);
      }

      @Override
      public String payload(dev.portcullis.domain.grant.IdTokenClaims claims) {
        return jose.payload(claims);
      }

      @Override
      public Optional<dev.portcullis.domain.grant.IdTokenClaims> verifyIdToken(String token, List<String> jwks, SigningAlgorithm algorithm) {
        return jose.verifyIdToken(token, jwks, algorithm);
      }

      @Override
      public Optional<AccessTokenClaims> verify(String token, List<String> jwks, SigningAlgorithm algorithm) {
        signatureChecks.incrementAndGet();
        return jose.verify(token, jwks, algorithm);
      }
    };
    return new AccessTokens(signingKeys, counting, new SecureTokenGenerator(), revocations, clock, issuer, "urn:portcullis:upstream", Duration.ofMinutes(5),
        SigningAlgorithm.ES256, 100);
  }

  @Test
  void token_substitution_an_id_token_is_never_accepted_as_an_access_token_even_with_aud_set_to_the_issuer() {
    String idToken = tokens.idToken("user-1", "client-1", clock.instant(), Optional.of("n"), "sid-1",
        dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims.NONE, clock.instant().plusSeconds(300));
    String asIfForUs = tokens.idToken("user-1", ISSUER, clock.instant(), Optional.empty(), "sid-1",
        dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims.NONE, clock.instant().plusSeconds(300));

    assertThat(tokens.verify(idToken)).isEmpty();
    assertThat(tokens.verify(asIfForUs)).as("typ JWT, not at+jwt: refused before any claim is read").isEmpty();
    assertThat(tokens.active(asIfForUs)).isEmpty();
  }

  @Test
  void rfc9068_4_a_fresh_token_yields_the_client_principal_with_its_tenant_and_scopes() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));

    assertThat(tokens.verify(token)).hasValue(new Principal.Client("client-1", new TenantId("acme"), Set.of("secrets:read")));
  }

  @Test
  void rfc9068_4_an_expired_token_is_rejected() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));

    clock.advance(Duration.ofMinutes(5));

    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void rfc9068_4_a_token_from_another_issuer_or_of_another_type_is_rejected() {
    String foreign = accessTokens("https://evil.example.com").issue("client-1", new TenantId("acme"), Set.of("secrets:read"));
    String idTokenLike = signingKeys.sign("JWT", "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + ISSUER + "\",\"client_id\":\"c\",\"tenant\":\"acme\",\"exp\":4102444800,\"iat\":1,\"jti\":\"j\"}");

    assertThat(tokens.verify(foreign)).isEmpty();
    assertThat(tokens.verify(idTokenLike)).isEmpty();
    assertThat(tokens.verify("not-a-jwt")).isEmpty();
  }

  @Test
  void a_repeated_token_is_verified_once_and_then_served_from_the_cache() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));

    for (int i = 0; i < 5; i++) {
      assertThat(tokens.verify(token)).isPresent();
    }

    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void a_cached_token_still_expires_on_time() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));
    assertThat(tokens.verify(token)).isPresent();

    clock.advance(Duration.ofMinutes(5));

    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void rfc7009_2_a_revoked_token_is_denied_even_while_its_claims_are_cached() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));
    assertThat(tokens.verify(token)).isPresent();

    assertThat(tokens.revoke(tokens.current(token).orElseThrow())).isTrue();

    assertThat(tokens.verify(token)).isEmpty();
    assertThat(tokens.active(token)).isEmpty();
    assertThat(tokens.current(token)).as("still ours and unexpired, for introspection and revocation by its client").isPresent();
  }

  @Test
  void a_tampered_token_never_hits_the_cache_entry_of_the_original() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));
    assertThat(tokens.verify(token)).isPresent();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

    assertThat(tokens.verify(tampered)).isEmpty();
  }

  @Test
  void a_forwarded_token_is_active_for_introspection_but_never_a_principal_of_portcullis() {
    String parent = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));

    AccessTokens.Issued forwarded = tokens.forwarded(tokens.active(parent).orElseThrow(), Duration.ofMinutes(1));

    assertThat(forwarded.claims().audience()).isEqualTo("urn:portcullis:upstream");
    assertThat(tokens.active(forwarded.token())).isPresent();
    assertThat(tokens.verify(forwarded.token())).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.forwarded(forwarded.claims(), Duration.ofMinutes(1)))
        .as("nothing is derived from a forwarded token").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_forwarded_token_dies_with_the_session_of_its_parent_and_never_outlives_it() {
    AccessTokens.Issued session = tokens.session("alice", "spa", new TenantId("acme"), Set.of("orders:read"),
        dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims.NONE, Duration.ofMinutes(2), "sid-1");
    AccessTokens.Issued forwarded = tokens.forwarded(session.claims(), Duration.ofMinutes(5));
    assertThat(forwarded.claims().expiresAt()).isEqualTo(session.claims().expiresAt());
    assertThat(forwarded.claims().sessionId()).hasValue("sid-1");

    tokens.endSession("sid-1", clock.instant().plus(Duration.ofHours(1)));

    assertThat(tokens.active(forwarded.token())).isEmpty();
    assertThat(tokens.verify(session.token())).isEmpty();
  }

  @Test
  void an_unreadable_revocation_list_fails_closed_instead_of_passing_a_token() {
    String token = tokens.issue("client-1", new TenantId("acme"), Set.of("secrets:read"));
    assertThat(tokens.verify(token)).isPresent();
    feed.log().failing(true);

    clock.advance(Duration.ofSeconds(6)); // past the staleness bound: another node may have revoked it meanwhile

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.verify(token))
        .isInstanceOf(dev.portcullis.application.shared.port.out.DependencyUnavailable.class);
    feed.log().failing(false);
    assertThat(tokens.verify(token)).isPresent();
  }
}
