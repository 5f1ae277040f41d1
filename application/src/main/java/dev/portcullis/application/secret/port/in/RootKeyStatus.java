package dev.portcullis.application.secret.port.in;

import java.util.Map;

/** {@code done} of {@code total} versions are wrapped by the primary root key (KEK). */
public record RootKeyStatus(String primaryKekId, long total, long done, Map<String, Long> versionsByKek) {
  public RootKeyStatus {
    versionsByKek = Map.copyOf(versionsByKek);
  }

  public boolean complete() {
    return done == total;
  }
}
