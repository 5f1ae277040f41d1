package dev.portcullis.bootstrap.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.JoseJwsKeys;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.adapter.memory.key.InMemorySigningKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.key.SigningKeySettings;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No lock may be held while a private key is loaded from the vault: on a Vert.x virtual-thread context a
 * request blocked on a monitor keeps the context, so the loader could never resume from its await (the
 * deadlock the HTTP benchmark found). Deterministic: a second signer must reach the vault while the
 * first load is still in flight.
 */
class SigningKeysConcurrencyTest {

  @Test
  void a_second_signer_is_not_blocked_while_the_first_loads_the_private_key_from_the_vault() throws Exception {
    InMemorySecretStore vault = new InMemorySecretStore();
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    TinkEnvelope envelope = new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), InstantSource.system());
    SigningKeySettings settings = new SigningKeySettings(SigningAlgorithm.ES256, Duration.ofMinutes(10), Duration.ofHours(1));
    Auditor auditor = new Auditor(new InMemoryAuditLog(), InstantSource.system());
    new SigningKeysService(keys, new JoseJwsKeys(), vault, envelope, auditor, InstantSource.system(), settings).ensureSigningKey(); // "another node" made the key

    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loadsInFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    SecretStore slowVault = (SecretStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecretStore.class}, (proxy, method, args) -> {
      if (method.getName().equals("findVersion")) {
        mostInFlight.accumulateAndGet(loadsInFlight.incrementAndGet(), Math::max);
        release.await(5, TimeUnit.SECONDS); // the vault read "awaits" here
        loadsInFlight.decrementAndGet();
      }
      return method.invoke(vault, args);
    });
    SigningKeysService coldNode = new SigningKeysService(keys, new JoseJwsKeys(), slowVault, envelope, auditor, InstantSource.system(), settings);

    var threads = java.util.concurrent.Executors.newFixedThreadPool(2); // not the common pool: its parallelism is 1 on 2 cores
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> coldNode.sign("at+jwt", "{}"), threads);
    CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> coldNode.sign("at+jwt", "{}"), threads);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (mostInFlight.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    release.countDown();

    assertThat(mostInFlight.get()).as("both signers reached the vault at once: no lock held across the load").isEqualTo(2);
    assertThat(first.get(5, TimeUnit.SECONDS)).isNotBlank();
    assertThat(second.get(5, TimeUnit.SECONDS)).isNotBlank();
    assertThat(vault.find(new TenantId("system"), new SecretName("signing-keys/" + keys.all().get(0).kid()))).isPresent();
    threads.shutdown();
  }

}
