package dev.portcullis.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.adapter.pkcs11.Pkcs11RootKey;
import dev.portcullis.adapter.pkcs11.Pkcs11Settings;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.testsupport.SoftHsm;
import dev.portcullis.testsupport.TcpProxy;
import dev.portcullis.testsupport.TestPostgres;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The embedded vaults on the product's own root key in an HSM, and what a product sees when Postgres goes away. */
class EmbeddedVaultsDependenciesIT {
  private static final TenantId ACME = new TenantId("acme");
  private static final RequestContext APP = new RequestContext(new Principal.Client("app", ACME, Set.of("secrets:read", "secrets:write")), "", "");

  private static SaveSecret.Save save(String name, String value) {
    return new SaveSecret.Save(ACME, new SecretName(name), SecretBytes.ofUtf8(value), null, null, "app", OptionalInt.empty());
  }

  private static String read(EmbeddedVaults vaults, String name) {
    SecretOutcome<RevealedSecret> outcome = vaults.secrets().read().read(APP, ACME, new SecretName(name), OptionalInt.empty());
    assertThat(outcome).isInstanceOf(SecretOutcome.Ok.class);
    return ((SecretOutcome.Ok<RevealedSecret>) outcome).value().value().revealUtf8();
  }

  @Test
  void the_root_key_can_live_in_a_pkcs11_token_and_the_keys_open_again_after_a_restart() throws Exception {
    SoftHsm token = SoftHsm.newToken();
    Pkcs11Settings settings = new Pkcs11Settings(SoftHsm.library(), Optional.empty(), Optional.of(token.tokenLabel()), "product-root", token.pinFile(),
        Duration.ofSeconds(2));
    Pkcs11RootKey.generateKey(settings);
    String url = TestPostgres.get().freshDatabase("embedded_hsm").url();
    try (EmbeddedVaults vaults = EmbeddedVaults.builder().postgres(url).rootKey(new Pkcs11RootKey(settings)).start()) {
      assertThat(vaults.secrets().save().save(APP, save("hsm/one", "wrapped-in-the-token"))).isInstanceOf(SecretOutcome.Ok.class);
    }
    try (EmbeddedVaults again = EmbeddedVaults.builder().postgres(url).rootKey(new Pkcs11RootKey(settings)).start()) {
      assertThat(read(again, "hsm/one")).isEqualTo("wrapped-in-the-token");
    }
    // the environment key cannot open what the token wrapped: refused at start, not a wrong value later
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres(url).rootKey(EmbeddedVaults.generateRootKey()).start()).isInstanceOf(RuntimeException.class);
  }

  @Test
  void a_database_that_stops_answering_is_a_dependency_failure_within_the_query_deadline_and_the_vault_recovers() throws Exception {
    TestPostgres db = TestPostgres.get().freshDatabase("embedded_outage");
    try (TcpProxy proxy = TcpProxy.to(db.host(), db.port());
         EmbeddedVaults vaults = EmbeddedVaults.builder().postgres(db.url().replace(":" + db.port() + "/", ":" + proxy.port() + "/"))
             .rootKey(EmbeddedVaults.generateRootKey()).queryTimeout(Duration.ofSeconds(1)).start()) {
      assertThat(vaults.secrets().save().save(APP, save("outage/before", "kept"))).isInstanceOf(SecretOutcome.Ok.class);

      proxy.blackhole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> vaults.secrets().save().save(APP, save("outage/during", "lost?"))).isInstanceOf(DependencyUnavailable.class)
          .hasMessageNotContaining("lost?");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the 1 s statement deadline, not a hang").isLessThan(Duration.ofSeconds(8));

      proxy.restore();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String value = null;
      while (value == null && System.nanoTime() < deadline) {
        try {
          value = read(vaults, "outage/before");
        } catch (DependencyUnavailable e) {
          Thread.sleep(100);
        }
      }
      assertThat(value).isEqualTo("kept");
      // the write that failed was not applied behind the caller's back
      assertThat(vaults.secrets().read().read(APP, ACME, new SecretName("outage/during"), OptionalInt.empty())).isInstanceOf(SecretOutcome.NotFound.class);
    }
  }
}
