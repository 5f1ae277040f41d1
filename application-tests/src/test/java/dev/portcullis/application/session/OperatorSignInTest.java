package dev.portcullis.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.Platform;
import dev.portcullis.application.fixtures.ScriptedUpstream;
import dev.portcullis.application.session.port.in.CompleteOperatorSignIn.Outcome;
import dev.portcullis.application.session.port.in.StartOperatorSignIn;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.session.OperatorRoles;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's sign-in through the upstream provider: PKCE and nonce, the roles' decision, the audit, nothing of upstream's kept. */
class OperatorSignInTest {
  private static final URI CALLBACK = URI.create("https://portcullis.example.com/console/callback");
  private final Platform platform = new Platform();
  private final ScriptedUpstream upstream = new ScriptedUpstream();
  private final OperatorRoles roles = OperatorRoles.parse("admins", "users=shop:secrets:read");
  private final StartOperatorSignInService start = new StartOperatorSignInService(upstream, platform.random);
  private final CompleteOperatorSignInService complete = new CompleteOperatorSignInService(upstream, roles, platform.auditor);

  private Outcome signIn(Map<String, Object> claims) {
    upstream.claims = claims;
    StartOperatorSignIn.Started started = start.start(CALLBACK, Optional.of("alice"));
    upstream.nonce = started.nonce();
    return complete.complete(Optional.of("code"), Optional.empty(), started.verifier(), started.nonce(), CALLBACK, "req-1", "192.0.2.1");
  }

  @Test
  void the_authorization_request_carries_pkce_s256_a_fresh_state_and_nonce_and_asks_for_groups() {
    StartOperatorSignIn.Started a = start.start(CALLBACK, Optional.of("alice"));
    StartOperatorSignIn.Started b = start.start(CALLBACK, Optional.of("bad\nhint"));
    assertThat(a.authorizationUrl().toString()).contains("code_challenge=" + Pkce.challengeOf(a.verifier()), "state=" + a.state(), "nonce=" + a.nonce(),
        "login_hint=alice");
    assertThat(b.authorizationUrl().toString()).as("a malformed hint is dropped").doesNotContain("bad");
    assertThat(List.of(a.state(), a.nonce(), a.verifier())).doesNotHaveDuplicates().doesNotContainAnyElementsOf(List.of(b.state(), b.nonce(), b.verifier()));
    assertThat(StartOperatorSignInService.SCOPES).contains("openid", "groups");
    assertThat(a.toString()).doesNotContain(a.state()).doesNotContain(a.verifier());
  }

  @Test
  void an_admin_group_member_signs_in_as_the_platform_admin_and_the_platform_chain_says_who() {
    Outcome outcome = signIn(Map.of("sub", "alice-sub", "email", "alice@example.com", "email_verified", true, "groups", List.of("admins")));

    assertThat(outcome).isInstanceOf(Outcome.SignedIn.class);
    Principal principal = ((Outcome.SignedIn) outcome).principal();
    assertThat(principal.isAdmin()).isTrue();
    AuditRecord record = platform.audit(Principal.Admin.SYSTEM).get(0);
    assertThat(record.event().action()).isEqualTo(AuditAction.CONSOLE_SIGNIN);
    assertThat(record.event().outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(record.event().subject()).as("who signed in, not just 'admin'").isEqualTo("operator:alice-sub");
    assertThat(record.event().target()).as("a verified email").isEqualTo("alice@example.com");
    assertThat(upstream.revocations.get()).as("the console keeps no upstream grant: its refresh token is given back").isEqualTo(1);
  }

  @Test
  void a_tenant_group_member_signs_in_with_that_tenants_scopes_only() {
    Outcome outcome = signIn(Map.of("sub", "bob-sub", "groups", List.of("users")));

    Principal.Client principal = (Principal.Client) ((Outcome.SignedIn) outcome).principal();
    assertThat(principal.tenant()).isEqualTo(new TenantId("shop"));
    assertThat(principal.scopes()).containsExactly("secrets:read");
    assertThat(platform.audited(new TenantId("shop"), AuditAction.CONSOLE_SIGNIN, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void an_account_in_no_operator_group_is_refused_and_the_refusal_is_audited() {
    Outcome outcome = signIn(Map.of("sub", "carol-sub", "email", "x\u0000y@evil.example", "groups", List.of("guests")));

    assertThat(outcome).isInstanceOf(Outcome.NotPermitted.class);
    assertThat(platform.audited(Principal.Admin.SYSTEM, AuditAction.CONSOLE_SIGNIN, AuditOutcome.DENIED)).isTrue();
    assertThat(platform.audit(Principal.Admin.SYSTEM).get(0).event().target()).as("an unverified email is not what the record names").isEqualTo("carol-sub");
    assertThat(signIn(Map.of("sub", "dave-sub"))).as("no groups claim at all").isInstanceOf(Outcome.NotPermitted.class);
  }

  @Test
  void a_wrong_nonce_a_refused_code_an_upstream_error_or_an_outage_signs_nobody_in() {
    StartOperatorSignIn.Started started = start.start(CALLBACK, Optional.empty());
    upstream.claims = Map.of("sub", "alice-sub", "groups", List.of("admins"));
    upstream.nonce = "another-nonce";
    assertThat(complete.complete(Optional.of("code"), Optional.empty(), started.verifier(), started.nonce(), CALLBACK, "r", "a"))
        .as("replayed id_token of another login").isInstanceOf(Outcome.Failed.class);
    assertThat(complete.complete(Optional.empty(), Optional.of("access_denied"), started.verifier(), started.nonce(), CALLBACK, "r", "a"))
        .isInstanceOf(Outcome.Failed.class);
    upstream.nonce = started.nonce();
    upstream.exchangeResult = new TokenResult.Rejected("invalid_grant", "spent");
    assertThat(complete.complete(Optional.of("code"), Optional.empty(), started.verifier(), started.nonce(), CALLBACK, "r", "a")).isInstanceOf(Outcome.Failed.class);
    upstream.exchangeResult = new TokenResult.Unavailable(Duration.ofSeconds(1), "down");
    assertThat(complete.complete(Optional.of("code"), Optional.empty(), started.verifier(), started.nonce(), CALLBACK, "r", "a")).isInstanceOf(Outcome.Unavailable.class);
    assertThat(platform.audit(Principal.Admin.SYSTEM)).as("nobody signed in").isEmpty();
  }
}
