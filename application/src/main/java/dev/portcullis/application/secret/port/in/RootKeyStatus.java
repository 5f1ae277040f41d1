package dev.portcullis.application.secret.port.in;

import java.util.Map;

/**
 * {@code done} of {@code total} versions are wrapped by the primary KEK; {@code keksByRootKeyProvider}
 * says which root-key provider wraps how many KEKs (all of them under {@code rootKeyProvider} once a
 * rotation has finished a migration between providers).
 */
public record RootKeyStatus(String primaryKekId, long total, long done, Map<String, Long> versionsByKek, String rootKeyProvider,
                            Map<String, Long> keksByRootKeyProvider) {
  public RootKeyStatus {
    versionsByKek = Map.copyOf(versionsByKek);
    keksByRootKeyProvider = Map.copyOf(keksByRootKeyProvider);
  }

  public boolean complete() {
    return done == total;
  }

  /** Every KEK is wrapped by the configured root-key provider: a previous provider can be removed from the configuration. */
  public boolean providerMigrated() {
    return keksByRootKeyProvider.keySet().stream().allMatch(rootKeyProvider::equals);
  }
}
