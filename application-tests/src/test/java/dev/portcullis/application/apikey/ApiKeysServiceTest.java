package dev.portcullis.application.apikey;

import static dev.portcullis.application.fixtures.Platform.ACME;
import static dev.portcullis.application.fixtures.Platform.GLOBEX;
import static dev.portcullis.application.fixtures.Platform.admin;
import static dev.portcullis.application.fixtures.Platform.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.apikey.port.in.ApiKeyOutcome;
import dev.portcullis.application.apikey.port.in.CreateApiKey.Created;
import dev.portcullis.application.apikey.port.in.ListApiKeys.Listing;
import dev.portcullis.application.apikey.port.in.UpdateApiKey.Changes;
import dev.portcullis.application.fixtures.Keys;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Create, rotate and revoke: the API key aggregate's rules on one class ({@code ApiKeysService}). */
class ApiKeysServiceTest {
  private final Keys keys = new Keys();

  @Test
  void a_created_key_has_the_documented_shape_is_stored_by_hash_and_is_audited() {
    Created created = keys.created(admin(), ACME, "orders:read");

    assertThat(created.fullKey()).matches("pcl_[0-9a-f]{16}_[0-9a-f]{64}");
    ApiKey stored = keys.store.find(created.key().id()).orElseThrow();
    assertThat(stored.toString()).doesNotContain(created.fullKey().substring(22));
    assertThat(keys.platform.audited(ACME, AuditAction.API_KEY_CREATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void escalation_a_key_may_hand_out_only_the_scopes_its_creator_holds() {
    assertThat(keys.keys.create(client(ACME, "api-keys:write", "orders:read"), ACME, Keys.aKey("orders:read"))).isInstanceOf(ApiKeyOutcome.Ok.class);

    assertThat(keys.keys.create(client(ACME, "api-keys:write", "orders:read"), ACME, Keys.aKey("orders:write")))
        .isInstanceOf(ApiKeyOutcome.BeyondCaller.class);
    assertThat(keys.keys.create(client(GLOBEX, "api-keys:write"), ACME, Keys.aKey())).isInstanceOf(ApiKeyOutcome.Denied.class);
  }

  @Test
  void rotation_makes_a_successor_and_the_old_key_lives_out_its_grace_period() {
    Created old = keys.created(admin(), ACME, "orders:read");

    Created successor = ((ApiKeyOutcome.Ok<Created>) keys.keys.rotate(admin(), ACME, old.key().id())).value();

    ApiKey previous = keys.store.find(old.key().id()).orElseThrow();
    assertThat(previous.rotatedTo()).contains(successor.key().id());
    assertThat(previous.expiresAt()).contains(keys.platform.clock.instant().plus(Keys.GRACE));
    assertThat(successor.key().scopes()).containsExactly("orders:read");
    assertThat(keys.keys.rotate(admin(), ACME, old.key().id())).as("rotated once").isInstanceOf(ApiKeyOutcome.Invalid.class);
  }

  @Test
  void a_revocation_commits_with_its_invalidation_and_audit_record_and_a_revoked_key_cannot_be_rotated() {
    Created created = keys.created(admin(), ACME, "orders:read");
    keys.platform.clock.advance(Duration.ofSeconds(1));

    assertThat(keys.keys.revoke(admin(), ACME, created.key().id())).isInstanceOf(ApiKeyOutcome.Ok.class);

    assertThat(keys.store.find(created.key().id()).orElseThrow().revokedAt()).isPresent();
    assertThat(keys.log.read(keys.platform.clock.instant().minusSeconds(60)).entries()).extracting(e -> e.key())
        .anySatisfy(key -> assertThat(key).contains(created.key().id()));
    assertThat(keys.platform.audited(ACME, AuditAction.API_KEY_REVOKE, AuditOutcome.SUCCESS)).isTrue();
    assertThat(keys.keys.rotate(admin(), ACME, created.key().id())).isInstanceOf(ApiKeyOutcome.Invalid.class);
  }

  @Test
  void another_tenants_key_is_not_found() {
    Created created = keys.created(admin(), ACME);

    assertThat(keys.keys.revoke(client(GLOBEX, "api-keys:write"), GLOBEX, created.key().id())).isInstanceOf(ApiKeyOutcome.NotFound.class);
    assertThat(keys.store.find(created.key().id()).orElseThrow().revokedAt()).isEmpty();
  }

  @Test
  void escalation_a_key_cannot_be_widened_by_an_update_beyond_what_the_caller_holds_nor_narrowed_by_one_that_never_held_it() {
    Created wide = keys.created(admin(), ACME, "orders:read", "secrets:read");
    Created narrow = keys.created(admin(), ACME, "orders:read");
    var caller = client(ACME, "api-keys:write", "orders:read");

    var widened = keys.keys.update(caller, ACME, narrow.key().id(), new Changes(Optional.empty(), Optional.of(Set.of("orders:read", "secrets:read")),
        Optional.empty(), Optional.empty()));
    var touched = keys.keys.update(caller, ACME, wide.key().id(), new Changes(Optional.of("renamed"), Optional.empty(), Optional.empty(), Optional.empty()));

    assertThat(widened).isNotInstanceOf(ApiKeyOutcome.Ok.class);
    assertThat(touched).as("a key holding more than the caller").isNotInstanceOf(ApiKeyOutcome.Ok.class);
    assertThat(keys.store.find(narrow.key().id()).orElseThrow().scopes()).containsExactly("orders:read");
    assertThat(keys.store.find(wide.key().id()).orElseThrow().name()).isEqualTo("ci");
    assertThat(keys.platform.audited(ACME, AuditAction.API_KEY_UPDATE, AuditOutcome.DENIED)).isTrue();
  }

  @Test
  void an_update_within_the_callers_scopes_is_stored_invalidated_on_every_node_and_audited() {
    Created created = keys.created(admin(), ACME, "orders:read", "orders:write");

    var updated = keys.keys.update(client(ACME, "api-keys:write", "orders:read", "orders:write"), ACME, created.key().id(), new Changes(Optional.of("deploy"),
        Optional.of(Set.of("orders:read")), Optional.of(List.of("https://app.example.com")), Optional.empty()));

    assertThat(updated).isInstanceOf(ApiKeyOutcome.Ok.class);
    ApiKey stored = keys.store.find(created.key().id()).orElseThrow();
    assertThat(stored.scopes()).containsExactly("orders:read");
    assertThat(stored.allowedOrigins()).containsExactly("https://app.example.com");
    assertThat(keys.log.read(keys.platform.clock.instant().minusSeconds(60)).entries()).extracting(e -> e.key())
        .anySatisfy(key -> assertThat(key).contains(created.key().id()));
    assertThat(keys.platform.audited(ACME, AuditAction.API_KEY_UPDATE, AuditOutcome.SUCCESS)).isTrue();
  }

  @Test
  void listing_needs_api_keys_read_pages_with_a_cursor_and_shows_no_secret() {
    Created first = keys.created(admin(), ACME, "a");
    keys.created(admin(), ACME, "a");
    keys.created(admin(), ACME, "a");
    keys.created(admin(), GLOBEX, "a");

    var page = ((ApiKeyOutcome.Ok<Listing>) keys.keys.list(client(ACME, "api-keys:read"), ACME, Optional.empty(), 2)).value();
    var rest = ((ApiKeyOutcome.Ok<Listing>) keys.keys.list(client(ACME, "api-keys:read"), ACME, page.nextCursor(), 2)).value();

    assertThat(page.keys()).hasSize(2);
    assertThat(rest.keys()).hasSize(1);
    assertThat(page.toString() + rest).doesNotContain(first.fullKey());
    assertThat(keys.keys.list(client(ACME, "secrets:read"), ACME, Optional.empty(), 2)).isInstanceOf(ApiKeyOutcome.Denied.class);
    assertThat(keys.keys.get(client(GLOBEX, "api-keys:read"), ACME, first.key().id())).isInstanceOf(ApiKeyOutcome.Denied.class);
    assertThat(keys.keys.list(admin(), ACME, Optional.empty(), 0)).isInstanceOf(ApiKeyOutcome.Invalid.class);
  }
}
