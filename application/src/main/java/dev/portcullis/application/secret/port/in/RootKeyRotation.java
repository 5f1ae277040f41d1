package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import java.util.Map;

/**
 * Root-key (KEK) rotation without re-encrypting values: {@link #rotate} makes a new KEK primary; the
 * data keys wrapped by older KEKs are re-wrapped in batches by {@link #rewrapBatch}, which a
 * background job calls until nothing is left. Older KEKs keep unwrapping meanwhile.
 */
public interface RootKeyRotation {
  SecretOutcome<Status> rotate(RequestContext context);

  SecretOutcome<Status> status(RequestContext context);

  /** Re-wraps up to {@code limit} data keys; returns how many it re-wrapped (0 = done). */
  int rewrapBatch(int limit);

  /** {@code done} of {@code total} versions are wrapped by the primary KEK. */
  record Status(String primaryKekId, long total, long done, Map<String, Long> versionsByKek) {
    public Status {
      versionsByKek = Map.copyOf(versionsByKek);
    }

    public boolean complete() {
      return done == total;
    }
  }
}
