package dev.portcullis.application.shared.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transactions} adapter must do; adapter tests implement this interface. The
 * all-or-nothing rule is checked on two stores of the same adapter that the use cases change together
 * (an API key and its audit record), bound to the same transactions.
 */
public interface TransactionsContract {
  Transactions transactions();

  /** An audit log of the same adapter, enlisted in {@link #transactions()}. */
  AuditLog auditLog();

  /** An API key store of the same adapter, enlisted in {@link #transactions()}. */
  ApiKeyStore apiKeys();

  @Test
  default void returns_what_the_work_returns() {
    String result = transactions().inTransaction(() -> "done");

    assertThat(result).isEqualTo("done");
  }

  @Test
  default void a_runtime_exception_from_the_work_is_rethrown_unchanged() {
    IllegalStateException failure = new IllegalStateException("boom");

    assertThatThrownBy(() -> transactions().inTransaction(() -> { throw failure; })).isSameAs(failure);
  }

  @Test
  default void a_nested_call_joins_the_outer_transaction_instead_of_blocking() {
    String result = transactions().inTransaction(() -> transactions().inTransaction(() -> "inner") + "+outer");

    assertThat(result).isEqualTo("inner+outer");
  }

  @Test
  default void after_a_failure_the_next_unit_of_work_runs_normally() {
    try {
      transactions().inTransaction(() -> { throw new IllegalArgumentException("first"); });
    } catch (IllegalArgumentException expected) {
      // the failure itself is covered above
    }

    assertThat(transactions().inTransaction(() -> 42)).isEqualTo(42);
  }

  @Test
  default void a_failure_takes_back_every_change_of_the_unit_of_work() {
    TenantId tenant = freshTenant();
    ApiKey key = key(tenant);

    assertThatThrownBy(() -> transactions().inTransaction(() -> {
      apiKeys().add(key);
      auditLog().append(event(tenant, AuditAction.API_KEY_CREATE, key.id()));
      throw new IllegalStateException("the next step failed");
    })).hasMessage("the next step failed");

    assertThat(apiKeys().find(key.id())).isEmpty();
    assertThat(auditLog().query(tenant, everything()).items()).isEmpty();
  }

  @Test
  default void a_failure_restores_what_the_unit_of_work_changed_and_the_audit_chain_still_verifies() {
    TenantId tenant = freshTenant();
    ApiKey key = key(tenant);
    createdTogether(tenant, key);

    assertThatThrownBy(() -> transactions().inTransaction(() -> {
      apiKeys().update(key.revoked(T0));
      auditLog().append(event(tenant, AuditAction.API_KEY_REVOKE, key.id()));
      throw new IllegalStateException("the invalidation could not be recorded");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(apiKeys().find(key.id()).orElseThrow().revokedAt()).isEmpty();
    assertThat(auditLog().query(tenant, everything()).items()).extracting(r -> r.event().action()).containsExactly(AuditAction.API_KEY_CREATE);
    assertThat(auditLog().verify(tenant).firstBrokenSequence()).isEmpty();
    auditLog().append(event(tenant, AuditAction.API_KEY_REVOKE, key.id())); // the chain goes on from the committed record
    assertThat(auditLog().verify(tenant).firstBrokenSequence()).isEmpty();
  }

  @Test
  default void changes_of_a_unit_of_work_that_succeeds_are_all_kept() {
    TenantId tenant = freshTenant();
    ApiKey key = key(tenant);

    createdTogether(tenant, key);

    assertThat(apiKeys().find(key.id())).isPresent();
    assertThat(auditLog().query(tenant, everything()).items()).hasSize(1);
  }

  @Test
  default void after_commit_actions_wait_for_the_commit_and_are_dropped_by_a_rollback() {
    List<String> ran = new ArrayList<>();

    transactions().inTransaction(() -> {
      transactions().afterCommit(() -> ran.add("committed"));
      assertThat(ran).as("not before the commit").isEmpty();
      return null;
    });
    assertThatThrownBy(() -> transactions().inTransaction(() -> {
      transactions().afterCommit(() -> ran.add("rolled back"));
      throw new IllegalStateException("no");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(ran).containsExactly("committed");
  }

  @Test
  default void every_after_commit_action_runs_even_when_an_earlier_one_fails_and_the_failure_reaches_the_caller() {
    List<String> ran = new ArrayList<>();

    assertThatThrownBy(() -> transactions().inTransaction(() -> {
      transactions().afterCommit(() -> {
        throw new IllegalStateException("the first action failed");
      });
      transactions().afterCommit(() -> ran.add("second"));
      return null;
    })).hasMessage("the first action failed");

    assertThat(ran).containsExactly("second");
  }

  Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** The key and its audit record, committed in one unit of work. */
  private void createdTogether(TenantId tenant, ApiKey key) {
    transactions().inTransaction(() -> {
      apiKeys().add(key);
      auditLog().append(event(tenant, AuditAction.API_KEY_CREATE, key.id()));
      return null;
    });
  }

  private static TenantId freshTenant() {
    return new TenantId("tx-" + HexFormat.of().formatHex(randomBytes(5)));
  }

  private static ApiKey key(TenantId tenant) {
    String id = HexFormat.of().formatHex(randomBytes(8));
    return new ApiKey(id, tenant, "tx", Set.of("orders:read"), new ApiKeyIdentity("user-7", Optional.empty(), Optional.empty(), List.of()), List.of(),
        Optional.empty(), T0, Optional.empty(), Optional.empty(), randomBytes(32), "pcl", id.substring(0, 8), Optional.empty());
  }

  private static AuditEvent event(TenantId tenant, AuditAction action, String target) {
    return new AuditEvent(tenant, "admin", action, target, AuditOutcome.SUCCESS, "req-tx", "127.0.0.1", T0);
  }

  private static AuditLog.AuditQuery everything() {
    return new AuditLog.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 100);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
