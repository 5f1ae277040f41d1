package dev.portcullis.application.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.Resolution;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.ResolvedKey;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.testing.LocalFeed;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The verification cache with an injected clock and a scripted resolver: TTLs, bounds, negative caching, single flight. */
class ApiKeyVerifierTest {
  private static final String GOOD = "pcl_0123456789abcdef_" + "a".repeat(64);
  private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
  private final Scripted resolver = new Scripted();
  private final LocalFeed feed = LocalFeed.on(clock);
  private final RecordingStore store = new RecordingStore();
  private final LastUsed lastUsed = new LastUsed(store);
  private final ApiKeyVerifier verifier = verifier(100);

  private ApiKeyVerifier verifier(int capacity) {
    return new ApiKeyVerifier(resolver, feed.feed(), clock, new ApiKeyVerifier.Settings("pcl", Duration.ofSeconds(60), Duration.ofSeconds(10), capacity), lastUsed,
        dev.portcullis.application.shared.port.out.Suspension.PLAIN);
  }

  private static ResolvedKey resolved(String keyId, List<String> origins, Optional<Instant> expiresAt) {
    return new ResolvedKey(keyId, new TenantId("acme"), Set.of("orders:read"), new ApiKeyIdentity("user-1", Optional.empty(), Optional.empty(), List.of()),
        origins, expiresAt);
  }

  private static String key(int n) {
    return "pcl_" + String.format("%016x", n) + "_" + "b".repeat(64);
  }

  @Test
  void a_malformed_key_is_invalid_without_any_lookup() {
    for (String bad : List.of("", "pcl_123", "xyz_0123456789abcdef_" + "a".repeat(64), "pcl_0123456789ABCDEF_" + "a".repeat(64), GOOD + "0")) {
      assertThat(verifier.verify(bad, Optional.empty())).isInstanceOf(Resolution.Invalid.class);
    }
    assertThat(resolver.calls).hasValue(0);
  }

  @Test
  void a_valid_key_is_resolved_once_within_the_positive_ttl() {
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.empty()));

    verifier.verify(GOOD, Optional.empty());
    clock.advance(Duration.ofSeconds(59));
    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Resolved.class);
    assertThat(resolver.calls).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(GOOD, Optional.empty());
    assertThat(resolver.calls).hasValue(2);
  }

  @Test
  void an_invalid_key_is_cached_for_the_negative_ttl_only() {
    resolver.answer = new Resolution.Invalid();

    verifier.verify(GOOD, Optional.empty());
    clock.advance(Duration.ofSeconds(9));
    verifier.verify(GOOD, Optional.empty());
    assertThat(resolver.calls).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(GOOD, Optional.empty());
    assertThat(resolver.calls).hasValue(2);
  }

  @Test
  void unavailable_and_bad_request_are_never_cached() {
    resolver.answer = new Resolution.Unavailable(Duration.ofSeconds(2));
    assertThat(verifier.verify(GOOD, Optional.empty())).isEqualTo(new Resolution.Unavailable(Duration.ofSeconds(2)));
    verifier.verify(GOOD, Optional.empty());
    resolver.answer = new Resolution.BadRequest("no");
    verifier.verify(GOOD, Optional.empty());
    verifier.verify(GOOD, Optional.empty());

    assertThat(resolver.calls).hasValue(4);
  }

  @Test
  void a_key_that_expires_while_cached_stops_working_at_its_expiry() {
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.of(clock.instant().plusSeconds(30))));
    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Resolved.class);

    clock.advance(Duration.ofSeconds(30));

    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Invalid.class);
  }

  @Test
  void the_cache_is_bounded_and_a_flood_of_bad_keys_cannot_keep_a_good_one_out_forever() {
    ApiKeyVerifier small = verifier(10);
    resolver.answer = new Resolution.Invalid();
    for (int i = 0; i < 1_000; i++) {
      small.verify(key(i), Optional.empty());
    }
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.empty()));
    small.verify(GOOD, Optional.empty());
    int before = resolver.calls.get();

    small.verify(GOOD, Optional.empty()); // the good key was just used: it is the most recent entry
    for (int i = 0; i < 9; i++) {
      small.verify(key(i), Optional.empty());
      small.verify(GOOD, Optional.empty()); // used between bad keys: never the least recently used
    }

    assertThat(resolver.calls.get() - before).as("only the 9 new bad keys were resolved").isEqualTo(9);
  }

  @Test
  void an_origin_outside_the_allowed_list_is_not_allowed_and_no_origin_is() {
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of("https://app.example.com"), Optional.empty()));

    assertThat(verifier.verify(GOOD, Optional.of("https://evil.example.com"))).isInstanceOf(Resolution.NotAllowed.class);
    assertThat(verifier.verify(GOOD, Optional.of("https://APP.example.com:443"))).isInstanceOf(Resolution.Resolved.class);
    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Resolved.class);
  }

  @Test
  void a_revocation_broadcast_drops_the_key_from_the_cache() {
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.empty()));
    verifier.verify(GOOD, Optional.empty());
    resolver.answer = new Resolution.Invalid();

    feed.fromAnotherNode(ApiKeyVerifier.TOPIC, "0123456789abcdef");

    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Invalid.class);
  }

  @Test
  void uses_are_coalesced_into_one_last_used_write_per_flush() {
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.empty()));
    for (int i = 0; i < 100; i++) {
      verifier.verify(GOOD, Optional.empty());
      clock.advance(Duration.ofMillis(10));
    }

    assertThat(lastUsed.flush()).isEqualTo(1);
    assertThat(store.touches).containsExactly(Map.of("0123456789abcdef", clock.instant().minusMillis(10)));
    assertThat(lastUsed.flush()).isZero();
  }

  @Test
  void a_burst_of_parallel_verifications_of_one_uncached_key_makes_one_lookup() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    resolver.answer = new Resolution.Resolved(resolved("0123456789abcdef", List.of(), Optional.empty()));
    resolver.gate = release;
    int threads = 32;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<Resolution>> results = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return verifier.verify(GOOD, Optional.empty());
        }));
      }
      Thread.sleep(200); // let every thread reach the resolver or the wait for it
      release.countDown();
    }

    for (Future<Resolution> result : results) {
      assertThat(result.get()).isInstanceOf(Resolution.Resolved.class);
    }
    assertThat(resolver.calls).hasValue(1);
  }

  @Test
  void a_resolver_failure_reaches_every_waiter_and_is_not_cached() {
    resolver.failure = new IllegalStateException("boom");
    assertThatThrownBy(() -> verifier.verify(GOOD, Optional.empty())).hasMessage("boom");
    resolver.failure = null;
    resolver.answer = new Resolution.Invalid();
    assertThat(verifier.verify(GOOD, Optional.empty())).isInstanceOf(Resolution.Invalid.class);
  }

  @Test
  void a_presented_key_shows_only_its_fingerprint() {
    PresentedKey key = PresentedKey.parse(GOOD, "pcl").orElseThrow();
    assertThat(key.toString()).doesNotContain("a".repeat(64)).contains(key.fingerprint());
    assertThat(key.fingerprint()).hasSize(8);
  }

  static final class Scripted implements ApiKeyResolver {
    final AtomicInteger calls = new AtomicInteger();
    volatile Resolution answer = new Resolution.Invalid();
    volatile CountDownLatch gate;
    volatile RuntimeException failure;

    @Override
    public Resolution resolve(PresentedKey key) {
      calls.incrementAndGet();
      if (gate != null) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }

  static final class RecordingStore implements ApiKeyStore {
    final List<Map<String, Instant>> touches = new ArrayList<>();
    final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

    @Override
    public void add(ApiKey key) {
      keys.put(key.id(), key);
    }

    @Override
    public Optional<ApiKey> find(String keyId) {
      return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public List<ApiKey> list(TenantId tenant, Optional<String> afterId, int limit) {
      return List.of();
    }

    @Override
    public boolean update(ApiKey key) {
      return keys.replace(key.id(), key) != null;
    }

    @Override
    public java.util.Set<String> idsWithoutChecksum() {
      return java.util.Set.of();
    }

    @Override
    public void touch(Map<String, Instant> lastUsed) {
      touches.add(Map.copyOf(lastUsed));
    }
  }
}
