package dev.portcullis.application.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.testing.LocalFeed;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.grant.ClientMetadata;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingClientStoreTest {
  private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private final CountingStore store = new CountingStore();
  private final LocalFeed feed = LocalFeed.on(clock);
  private final CachingClientStore cache = new CachingClientStore(store, feed.feed(), clock, 100);

  @Test
  void a_client_is_read_from_the_store_once_within_the_ttl() {
    store.add(client("c1", "secrets:read"));

    cache.find("c1");
    cache.find("c1");
    clock.advance(Duration.ofSeconds(59));
    cache.find("c1");

    assertThat(store.finds).hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    cache.find("c1");
    assertThat(store.finds).hasValue(2);
  }

  @Test
  void an_update_or_delete_on_this_node_is_seen_at_once_and_published_to_the_others() {
    store.add(client("c1", "secrets:read"));
    cache.find("c1");

    cache.update(client("c1", "secrets:write"));

    assertThat(cache.find("c1").orElseThrow().metadata().scope()).containsExactly("secrets:write");
    cache.delete("c1");
    assertThat(cache.find("c1")).isEmpty();
    assertThat(feed.published(CachingClientStore.TOPIC)).containsExactly("c1", "c1");
  }

  @Test
  void an_invalidation_from_another_node_drops_the_entry() {
    store.add(client("c1", "secrets:read"));
    cache.find("c1");
    store.clients.put("c1", client("c1", "secrets:write")); // changed behind our back, by another node

    feed.fromAnotherNode(CachingClientStore.TOPIC, "c1");

    assertThat(cache.find("c1").orElseThrow().metadata().scope()).containsExactly("secrets:write");
  }

  @Test
  void unknown_clients_are_not_cached() {
    cache.find("nobody");
    cache.find("nobody");
    assertThat(store.finds).hasValue(2);
  }

  @Test
  void a_cached_client_is_not_trusted_once_the_invalidation_log_cannot_be_read() {
    store.add(client("c1", "secrets:read"));
    cache.find("c1");
    feed.log().failing(true);

    clock.advance(Duration.ofSeconds(6)); // past the staleness bound: this node may have missed a deletion

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.find("c1"))
        .isInstanceOf(dev.portcullis.application.shared.port.out.DependencyUnavailable.class);
    feed.log().failing(false);
    assertThat(cache.find("c1")).isPresent();
  }

  private static RegisteredClient client(String id, String scope) {
    ClientMetadata metadata = new ClientMetadata("c", List.of("client_credentials"), List.of(), List.of(), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
        Optional.empty(), Optional.empty(), Set.of(scope), new TenantId("acme"));
    return new RegisteredClient(id, metadata, Optional.of(new byte[32]), new byte[32], Instant.EPOCH);
  }

  static final class CountingStore implements ClientStore {
    final Map<String, RegisteredClient> clients = new HashMap<>();
    final AtomicInteger finds = new AtomicInteger();

    @Override
    public void add(RegisteredClient client) {
      clients.put(client.clientId(), client);
    }

    @Override
    public Optional<RegisteredClient> find(String clientId) {
      finds.incrementAndGet();
      return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public boolean update(RegisteredClient client) {
      return clients.put(client.clientId(), client) != null;
    }

    @Override
    public boolean delete(String clientId) {
      return clients.remove(clientId) != null;
    }

    @Override
    public boolean anyRedirectUriOn(String origin) {
      return false;
    }

    @Override
    public dev.portcullis.application.shared.Page<RegisteredClient> list(dev.portcullis.domain.shared.TenantId tenant, int page, int perPage) {
      return dev.portcullis.application.shared.Page.slice(clients.values().stream().filter(c -> c.metadata().tenant().equals(tenant)).toList(), page, perPage);
    }
  }
}
