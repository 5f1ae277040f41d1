package dev.portcullis.application.grant;

import static dev.portcullis.application.fixtures.Grants.aMachineClient;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.fixtures.Grants;
import dev.portcullis.application.grant.ClientCredentialsGrant.Result;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.RegistrationManager;
import dev.portcullis.application.grant.port.in.RegistrationOutcome;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.ClientMetadataError;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 7591 registration and RFC 7592 management: who may, what a client may change about itself, what deletion takes with it. */
class ClientRegistrationServiceTest {
  private final Grants grants = new Grants();

  @Test
  void the_administrator_registers_and_gets_the_secret_and_registration_token_once_stored_only_as_hashes() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));

    String secret = registered.clientSecret().orElseThrow();
    String registrationToken = registered.registrationAccessToken().orElseThrow();
    var stored = grants.store.find(registered.client().clientId()).orElseThrow();
    assertThat(new String(stored.secretHash().orElseThrow(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    assertThat(grants.registration.read(registered.client().clientId(), new RegistrationManager.Client(registrationToken)))
        .as("a later read shows neither again").isEqualTo(new RegistrationOutcome.Registered(stored, Optional.empty(), Optional.empty()));
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_REGISTER, AuditOutcome.SUCCESS)).isTrue();
    assertThat(grants.platform.audit(ACME).toString()).doesNotContain(secret, registrationToken);
  }

  @Test
  void a_tenant_credential_cannot_register_a_client_not_even_in_its_own_tenant_and_the_attempt_is_audited() {
    RegistrationOutcome outcome = grants.registration.register(client(ACME, "secrets:write", "api-keys:write", "providers:write"),
        aMachineClient(ACME, "orders:read"));

    assertThat(outcome).isInstanceOf(RegistrationOutcome.Forbidden.class);
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_REGISTER, AuditOutcome.DENIED)).isTrue();
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_REGISTER, AuditOutcome.SUCCESS)).isFalse();
  }

  @Test
  void rfc7592_2_an_unknown_client_and_a_wrong_or_missing_registration_token_get_the_same_answer() {
    String clientId = grants.registered(aMachineClient(ACME, "orders:read")).client().clientId();

    assertThat(grants.registration.read("no-such-client", new RegistrationManager.Client("anything"))).isEqualTo(new RegistrationOutcome.InvalidToken());
    assertThat(grants.registration.read(clientId, new RegistrationManager.Client("wrong"))).isEqualTo(new RegistrationOutcome.InvalidToken());
    assertThat(grants.registration.read(clientId, new RegistrationManager.Client(null))).isEqualTo(new RegistrationOutcome.InvalidToken());
    assertThat(grants.registration.delete(clientId, new RegistrationManager.Client("wrong"))).isEqualTo(new RegistrationOutcome.InvalidToken());
    assertThat(grants.store.find(clientId)).isPresent();
  }

  @Test
  void a_client_cannot_widen_its_own_registration_beyond_what_the_administrator_approved() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read", "orders:write"));
    var self = new RegistrationManager.Client(registered.registrationAccessToken().orElseThrow());
    String clientId = registered.client().clientId();

    RegistrationOutcome wider = grants.registration.update(clientId, self, aMachineClient(ACME, "orders:read", "orders:write", "admin"));
    RegistrationOutcome narrower = grants.registration.update(clientId, self, aMachineClient(ACME, "orders:read"));
    RegistrationOutcome backAgain = grants.registration.update(clientId, self, aMachineClient(ACME, "orders:read", "orders:write"));

    assertThat(wider).isInstanceOf(RegistrationOutcome.BeyondApproval.class);
    assertThat(narrower).isInstanceOf(RegistrationOutcome.Registered.class);
    assertThat(backAgain).as("within the approval a client may come back to it").isInstanceOf(RegistrationOutcome.Registered.class);
    assertThat(grants.store.find(clientId).orElseThrow().metadata().scope()).containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void a_client_cannot_move_itself_nor_be_moved_by_an_update_to_another_tenant() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));
    String clientId = registered.client().clientId();

    assertThat(grants.registration.update(clientId, new RegistrationManager.Client(registered.registrationAccessToken().orElseThrow()),
        aMachineClient(GLOBEX, "orders:read"))).isInstanceOf(RegistrationOutcome.BeyondApproval.class);
    assertThat(grants.registration.update(clientId, new RegistrationManager.Caller(admin()), aMachineClient(GLOBEX, "orders:read")))
        .isInstanceOf(RegistrationOutcome.BeyondApproval.class);
    assertThat(grants.store.find(clientId).orElseThrow().metadata().tenant()).isEqualTo(ACME);
  }

  @Test
  void a_tenant_caller_cannot_read_update_or_delete_a_client_by_id() {
    String clientId = grants.registered(aMachineClient(ACME, "orders:read")).client().clientId();
    var tenantCaller = new RegistrationManager.Caller(client(ACME, "secrets:write"));

    assertThat(grants.registration.read(clientId, tenantCaller)).isInstanceOf(RegistrationOutcome.Forbidden.class);
    assertThat(grants.registration.update(clientId, tenantCaller, aMachineClient(ACME, "orders:read", "more"))).isInstanceOf(RegistrationOutcome.Forbidden.class);
    assertThat(grants.registration.delete(clientId, tenantCaller)).isInstanceOf(RegistrationOutcome.Forbidden.class);
    assertThat(grants.registration.read("no-such-client", tenantCaller)).as("no probing for ids either").isInstanceOf(RegistrationOutcome.Forbidden.class);
    assertThat(grants.store.find(clientId).orElseThrow().metadata().scope()).containsExactly("orders:read");
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_DELETE, AuditOutcome.DENIED)).isTrue();
  }

  @Test
  void ssrf_a_jwks_uri_the_egress_policy_refuses_is_invalid_client_metadata_at_registration_and_update() {
    ClientMetadata internal = new ClientMetadata("m", List.of("client_credentials"), List.of(), List.of(), TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        Optional.empty(), Optional.of(URI.create("https://" + Grants.INTERNAL_HOST + "/latest/meta-data")), Set.of("orders:read"), ACME);
    String clientId = grants.registered(aMachineClient(ACME, "orders:read")).client().clientId();

    assertThatThrownBy(() -> grants.registration.register(admin(), internal)).isInstanceOfSatisfying(ClientMetadataError.Rejected.class,
        rejected -> assertThat(rejected.error()).isEqualTo(ClientMetadataError.INVALID_CLIENT_METADATA));
    assertThatThrownBy(() -> grants.registration.update(clientId, new RegistrationManager.Caller(admin()), internal))
        .isInstanceOf(ClientMetadataError.Rejected.class);
    assertThat(grants.store.find(clientId).orElseThrow().metadata().jwksUri()).isEmpty();
  }

  @Test
  void rfc7592_2_3_deleting_a_client_revokes_every_token_it_holds_and_its_secret_stops_working() {
    RegistrationOutcome.Registered registered = grants.registered(aMachineClient(ACME, "orders:read"));
    String clientId = registered.client().clientId();
    var credential = new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, clientId, registered.clientSecret().orElseThrow());
    String token = ((Result.Issued) grants.clientCredentials.clientCredentials(credential, Optional.empty())).accessToken();
    assertThat(grants.accessTokens.active(token)).isPresent();

    RegistrationOutcome deleted = grants.registration.delete(clientId, new RegistrationManager.Client(registered.registrationAccessToken().orElseThrow()));

    assertThat(deleted).isEqualTo(new RegistrationOutcome.Deleted());
    assertThat(grants.accessTokens.active(token)).as("the token dies with its client").isEmpty();
    assertThat(grants.clientCredentials.clientCredentials(credential, Optional.empty())).isInstanceOf(Result.Rejected.class);
    assertThat(grants.platform.audited(ACME, AuditAction.CLIENT_DELETE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void an_administrator_switching_a_client_to_a_secret_method_issues_it_a_new_secret_once() {
    ClientMetadata keyed = new ClientMetadata("m", List.of("client_credentials"), List.of(), List.of(), TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        Optional.empty(), Optional.of(URI.create("https://keys.example.com/jwks")), Set.of("orders:read"), ACME);
    RegistrationOutcome.Registered registered = grants.registered(keyed);
    assertThat(registered.clientSecret()).isEmpty();

    RegistrationOutcome updated = grants.registration.update(registered.client().clientId(), new RegistrationManager.Caller(admin()),
        aMachineClient(ACME, "orders:read"));

    String secret = ((RegistrationOutcome.Registered) updated).clientSecret().orElseThrow();
    assertThat(grants.clientCredentials.clientCredentials(new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, registered.client().clientId(),
        secret), Optional.empty())).isInstanceOf(Result.Issued.class);
  }
}
