package dev.portcullis.bootstrap;

import dev.portcullis.adapter.crypto.EnvironmentRootKey;
import dev.portcullis.adapter.pkcs11.Pkcs11RootKey;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.shared.MigratingRootKey;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import dev.portcullis.bootstrap.config.RootKeySettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The root key configuration chose: the provider {@code PORTCULLIS_ROOT_KEY_PROVIDER} names wraps; the
 * other, when it is configured too, still unwraps what it wrapped (a migration in progress, finished
 * by a root-key rotation).
 */
final class ConfiguredRootKey {
  private ConfiguredRootKey() {}

  static RootKey of(PortcullisConfig config) {
    RootKeySettings settings = config.rootKeys();
    RootKey environment = config.rootKey() == null ? null : new EnvironmentRootKey(config.rootKey());
    RootKey pkcs11 = settings.pkcs11().map(Pkcs11RootKey::new).orElse(null);
    RootKey current = settings.provider() == RootKeySettings.Provider.PKCS11 ? pkcs11 : environment;
    List<RootKey> previous = new ArrayList<>();
    for (RootKey other : new RootKey[] {environment, pkcs11}) {
      if (other != null && other != current) {
        previous.add(other);
      }
    }
    return MigratingRootKey.of(current, previous);
  }

  /** Readiness asks the root key for a round trip. Optional: KEKs already unwrapped keep working through an HSM outage; a rotation or a node start does not. */
  static DependencyProbe probe(RootKey rootKey) {
    return new DependencyProbe() {
      @Override
      public String name() {
        return "root_key";
      }

      @Override
      public Result probe() {
        return DependencyProbe.checkTwice(BUDGET, timeout -> rootKey.check());
      }
    };
  }
}
