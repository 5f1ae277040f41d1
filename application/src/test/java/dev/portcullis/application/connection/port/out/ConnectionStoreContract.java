package dev.portcullis.application.connection.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.testing.Race;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.DevicePoll;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do, including the races that decide single use and the refresh lease. */
public interface ConnectionStoreContract {
  ConnectionStore store();

  Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  SealedValue SEALED = new SealedValue(new byte[] {1, 2, 3}, new byte[] {4, 5}, "kek-1");

  static TenantId tenant() {
    return new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static Connection active(String id, TenantId tenant, String provider) {
    return new Connection(id, tenant, provider, "authorization_code", Optional.of("alice"), Status.ACTIVE, Optional.of(SEALED),
        Optional.of(T0.plusSeconds(300)), Set.of("openid", "repo"), Optional.empty(), T0, T0);
  }

  static Connection pendingDevice(String id, TenantId tenant, Instant nextPoll) {
    return new Connection(id, tenant, "prv_dev", "urn:ietf:params:oauth:grant-type:device_code", Optional.empty(), Status.PENDING, Optional.empty(),
        Optional.empty(), Set.of(), Optional.of(new DevicePoll(SEALED, Duration.ofSeconds(5), nextPoll, T0.plusSeconds(600))), T0, T0);
  }

  default <T> List<T> race(int threads, Supplier<T> action) throws Exception {
    return Race.of(threads, action);
  }

  @Test
  default void connections_round_trip_update_list_and_delete() {
    TenantId tenant = tenant();
    Connection active = active("con_a-" + UUID.randomUUID(), tenant, "prv_x");
    Connection device = pendingDevice("con_b-" + UUID.randomUUID(), tenant, T0.plusSeconds(5));
    Connection bare = new Connection("con_c-" + UUID.randomUUID(), tenant, "prv_y", "client_credentials", Optional.empty(), Status.ACTIVE,
        Optional.of(SEALED), Optional.empty(), Set.of(), Optional.empty(), T0, T0);
    store().add(active);
    store().add(device);
    store().add(bare);

    assertThat(store().find(active.id())).hasValue(active);
    assertThat(store().find(device.id())).hasValue(device);
    assertThat(store().find(bare.id())).hasValue(bare);
    Connection reauth = active.withStatus(Status.NEEDS_REAUTH, T0.plusSeconds(9));
    assertThat(store().update(reauth)).isTrue();
    assertThat(store().find(active.id())).hasValue(reauth);
    assertThat(store().update(active("con_missing", tenant, "prv_x"))).isFalse();
    assertThat(store().list(tenant, Optional.empty(), Optional.empty(), 10)).hasSize(3);
    assertThat(store().list(tenant, Optional.of("prv_x"), Optional.empty(), 10)).extracting(Connection::id).containsExactly(active.id());
    assertThat(store().list(tenant(), Optional.empty(), Optional.empty(), 10)).isEmpty();
    List<Connection> first = store().list(tenant, Optional.empty(), Optional.empty(), 2);
    assertThat(store().list(tenant, Optional.empty(), Optional.of(first.get(1).id()), 2)).hasSize(1);
    assertThat(store().delete(bare.id())).isTrue();
    assertThat(store().find(bare.id())).isEmpty();
  }

  @Test
  default void a_pending_authorization_is_taken_once_and_not_after_it_expired() throws Exception {
    byte[] hash = new byte[32];
    ThreadLocalRandom.current().nextBytes(hash);
    PendingAuthorization pending = new PendingAuthorization(hash, tenant(), "prv_x", SEALED, URI.create("https://app.example.com/done"), Set.of("openid"),
        T0.plusSeconds(600));
    assertThat(store().savePending(pending, 1_000_000, T0)).isTrue();

    List<Optional<PendingAuthorization>> taken = race(16, () -> store().takePending(hash, T0.plusSeconds(1)));

    assertThat(taken.stream().filter(Optional::isPresent).toList()).as("exactly one winner").hasSize(1);
    assertThat(taken.stream().filter(Optional::isPresent).findFirst().orElseThrow()).hasValue(pending);
    byte[] late = new byte[32];
    ThreadLocalRandom.current().nextBytes(late);
    store().savePending(new PendingAuthorization(late, tenant(), "prv_x", SEALED, URI.create("https://a.example.com"), Set.of(), T0.plusSeconds(60)),
        1_000_000, T0);
    assertThat(store().takePending(late, T0.plusSeconds(61))).as("expired").isEmpty();
  }

  @Test
  default void the_refresh_lease_has_one_holder_until_it_expires_or_is_released() throws Exception {
    Connection connection = active("con_l-" + UUID.randomUUID(), tenant(), "prv_x");
    store().add(connection);

    List<Boolean> won = race(16, () -> store().lease(connection.id(), T0.plusSeconds(15), T0));

    assertThat(won.stream().filter(w -> w).count()).isEqualTo(1);
    assertThat(store().lease(connection.id(), T0.plusSeconds(30), T0.plusSeconds(10))).as("still held").isFalse();
    assertThat(store().lease(connection.id(), T0.plusSeconds(30), T0.plusSeconds(16))).as("expired lease").isTrue();
    store().release(connection.id());
    assertThat(store().lease(connection.id(), T0.plusSeconds(40), T0.plusSeconds(17))).as("released").isTrue();
  }

  @Test
  default void due_device_polls_are_pending_ones_whose_time_has_come_oldest_first() {
    TenantId tenant = tenant();
    Instant base = T0.plusSeconds(ThreadLocalRandom.current().nextInt(1, 1_000_000));
    Connection later = pendingDevice("con_d1-" + UUID.randomUUID(), tenant, base.plusSeconds(5));
    Connection sooner = pendingDevice("con_d2-" + UUID.randomUUID(), tenant, base.minusSeconds(5));
    Connection notYet = pendingDevice("con_d3-" + UUID.randomUUID(), tenant, base.plusSeconds(500));
    store().add(later);
    store().add(sooner);
    store().add(notYet);

    List<String> due = store().dueDevicePolls(base.plusSeconds(10), 1_000).stream().map(Connection::id).toList();

    assertThat(due).contains(sooner.id(), later.id()).doesNotContain(notYet.id());
    assertThat(due.indexOf(sooner.id())).isLessThan(due.indexOf(later.id()));
    store().update(later.withStatus(Status.FAILED, base));
    assertThat(store().dueDevicePolls(base.plusSeconds(10), 1_000).stream().map(Connection::id)).doesNotContain(later.id());
  }
}
