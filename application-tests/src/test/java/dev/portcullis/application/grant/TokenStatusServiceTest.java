package dev.portcullis.application.grant;

import static dev.portcullis.application.fixtures.Grants.aBrowserApp;
import static dev.portcullis.application.fixtures.Grants.aMachineClient;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.grant.ClientCredentialsGrant.Result;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.IntrospectToken.Introspection;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.application.grant.port.in.RevokeToken.Revocation;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection and RFC 7009 revocation: who sees a token as active, who may revoke it. */
class TokenStatusServiceTest {
  private final Grants grants = new Grants();
  private final ClientCredential.Secret acmeApi = secretOf(grants.registered(aMachineClient(ACME, "orders:read")));
  private final ClientCredential.Secret acmeWorker = secretOf(grants.registered(aMachineClient(ACME, "orders:read")));
  private final ClientCredential.Secret globexApi = secretOf(grants.registered(aMachineClient(GLOBEX, "orders:read")));

  private static ClientCredential.Secret secretOf(RegistrationOutcome.Registered registered) {
    return new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, registered.client().clientId(), registered.clientSecret().orElseThrow());
  }

  private String tokenOf(ClientCredential.Secret credential) {
    return ((Result.Issued) grants.clientCredentials.clientCredentials(credential, Optional.empty())).accessToken();
  }

  @Test
  void rfc7662_a_resource_server_of_the_tenant_sees_the_tokens_of_its_tenant_as_active() {
    Introspection seen = grants.tokenStatus.introspect(acmeApi, tokenOf(acmeWorker));

    assertThat(seen).isInstanceOfSatisfying(Introspection.Active.class, active -> {
      assertThat(active.claims().clientId()).isEqualTo(acmeWorker.clientId());
      assertThat(active.claims().scopes()).containsExactly("orders:read");
    });
  }

  @Test
  void cross_tenant_a_client_of_another_tenant_learns_nothing_about_a_token_but_inactive() {
    String acmeToken = tokenOf(acmeWorker);

    assertThat(grants.tokenStatus.introspect(globexApi, acmeToken)).isEqualTo(new Introspection.Inactive());
    assertThat(grants.tokenStatus.introspect(globexApi, "not-a-token")).as("the same answer as garbage").isEqualTo(new Introspection.Inactive());
  }

  @Test
  void rfc7662_2_1_a_public_client_and_a_bad_secret_cannot_introspect_and_a_tenant_bearer_is_not_the_administrator() {
    String publicId = grants.registered(aBrowserApp(ACME, URI.create("https://app.example.com/cb"))).client().clientId();
    String token = tokenOf(acmeWorker);

    assertThat(grants.tokenStatus.introspect(new ClientCredential.Public(publicId), token)).isInstanceOf(Introspection.Rejected.class);
    assertThat(grants.tokenStatus.introspect(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, acmeApi.clientId(), "wrong"), token))
        .isInstanceOf(Introspection.Rejected.class);
    assertThat(grants.tokenStatus.introspect(client(ACME, "secrets:read", "api-keys:write"), token)).isInstanceOf(Introspection.Rejected.class);
    assertThat(grants.tokenStatus.introspect(admin(), token)).as("the administrator sees every tenant").isInstanceOf(Introspection.Active.class);
  }

  @Test
  void an_expired_token_is_inactive() {
    String token = tokenOf(acmeWorker);

    grants.platform.clock.advance(Grants.TOKEN_LIFETIME.plus(Duration.ofMinutes(2)));

    assertThat(grants.tokenStatus.introspect(acmeApi, token)).isEqualTo(new Introspection.Inactive());
  }

  @Test
  void rfc7009_2_1_only_the_client_a_token_was_issued_to_may_revoke_it_and_then_it_is_inactive_and_audited() {
    String token = tokenOf(acmeWorker);

    Revocation byAnother = grants.tokenStatus.revoke(acmeApi, token);
    assertThat(byAnother).isInstanceOfSatisfying(Revocation.Rejected.class, r -> assertThat(r.error().error()).isEqualTo("invalid_request"));
    assertThat(grants.accessTokens.active(token)).as("untouched by the other client").isPresent();

    assertThat(grants.tokenStatus.revoke(acmeWorker, token)).isEqualTo(new Revocation.Done());
    assertThat(grants.tokenStatus.introspect(acmeApi, token)).isEqualTo(new Introspection.Inactive());
    assertThat(grants.platform.audited(ACME, AuditAction.TOKEN_REVOKE, AuditOutcome.SUCCESS)).isTrue();
    assertThat(grants.platform.audit(ACME).toString()).doesNotContain(token);
  }

  @Test
  void rfc7009_2_2_an_unknown_or_already_revoked_token_is_no_error_but_an_unauthenticated_caller_is() {
    String token = tokenOf(acmeWorker);
    grants.tokenStatus.revoke(acmeWorker, token);

    assertThat(grants.tokenStatus.revoke(acmeWorker, token)).isEqualTo(new Revocation.Done());
    assertThat(grants.tokenStatus.revoke(acmeWorker, "garbage")).isEqualTo(new Revocation.Done());
    assertThat(grants.tokenStatus.revoke(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, acmeWorker.clientId(), "wrong"), token))
        .isInstanceOfSatisfying(Revocation.Rejected.class, r -> assertThat(r.error().error()).isEqualTo("invalid_client"));
  }
}
