package dev.portcullis.bootstrap.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.SecureTokenGenerator;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.apikey.InMemoryApiKeyStore;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.application.apikey.KeyChecksums;
import dev.portcullis.application.apikey.StoreApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.Resolution;
import dev.portcullis.application.testing.MutableClock;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Random well-formed API keys (issue 12, path 7) cost no store lookup: the checksum tag refuses them first. */
class KeyChecksumsTest {
  private final MutableClock clock = MutableClock.startingAt("2026-12-01T10:00:00Z");
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final TinkEnvelope envelope = new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), clock);
  private final SecureTokenGenerator random = new SecureTokenGenerator();
  private final AtomicInteger lookups = new AtomicInteger();
  private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
  private final ApiKeyStore store = new ApiKeyStore() {
    @Override
    public void add(ApiKey key) {
      keys.add(key);
    }

    @Override
    public Optional<ApiKey> find(String keyId) {
      lookups.incrementAndGet();
      return keys.find(keyId);
    }

    @Override
    public List<ApiKey> list(TenantId tenant, Optional<String> afterId, int limit) {
      return keys.list(tenant, afterId, limit);
    }

    @Override
    public boolean update(ApiKey key) {
      return keys.update(key);
    }

    @Override
    public Set<String> idsWithoutChecksum() {
      return Set.of("00000000000000aa"); // one key from before tags
    }

    @Override
    public void touch(java.util.Map<String, java.time.Instant> lastUsed) {
      keys.touch(lastUsed);
    }
  };

  private KeyChecksums checksums() {
    KeyChecksums checksums = new KeyChecksums(secrets, envelope, random, clock, new dev.portcullis.adapter.crypto.JcaMessageAuthentication());
    checksums.ensureKey();
    return checksums;
  }

  @Test
  void made_up_keys_of_the_right_shape_are_refused_without_a_lookup_and_real_ones_are_looked_up() {
    KeyChecksums checksums = checksums();
    StoreApiKeyResolver resolver = new StoreApiKeyResolver(store, clock, checksums);
    String id = random.randomHex(8);
    PresentedKey real = new PresentedKey("pcl", id, checksums.secretFor("pcl", id, random.randomHex(28)));
    store.add(new ApiKey(id, new TenantId("acme"), "k", Set.of("orders:read"), new ApiKeyIdentity("s", Optional.empty(), Optional.empty(), List.of()),
        List.of(), Optional.empty(), clock.instant(), Optional.empty(), Optional.empty(), real.secretHash(), "pcl", real.fingerprint(), Optional.empty()));

    for (int i = 0; i < 1_000; i++) {
      assertThat(resolver.resolve(new PresentedKey("pcl", random.randomHex(8), random.randomHex(32)))).isInstanceOf(Resolution.Invalid.class);
    }
    assertThat(lookups).as("a thousand guesses, no lookup").hasValue(0);
    assertThat(resolver.resolve(real)).isInstanceOf(Resolution.Resolved.class);
    assertThat(resolver.resolve(new PresentedKey("pcl", "00000000000000aa", random.randomHex(32)))).isInstanceOf(Resolution.Invalid.class);
    assertThat(lookups).as("the real key and the key from before tags").hasValue(2);
  }

  @Test
  void two_nodes_that_create_the_checksum_key_at_once_agree_on_it() {
    KeyChecksums a = new KeyChecksums(secrets, envelope, random, clock, new dev.portcullis.adapter.crypto.JcaMessageAuthentication());
    KeyChecksums b = new KeyChecksums(secrets, envelope, random, clock, new dev.portcullis.adapter.crypto.JcaMessageAuthentication());
    a.ensureKey();
    b.ensureKey();
    String id = random.randomHex(8);

    PresentedKey minted = new PresentedKey("pcl", id, a.secretFor("pcl", id, random.randomHex(28)));

    assertThat(b.matches(minted)).isTrue();
    assertThat(b.matches(new PresentedKey("pcl", id, minted.secret().substring(0, 56) + "00000000"))).isFalse();
  }
}
