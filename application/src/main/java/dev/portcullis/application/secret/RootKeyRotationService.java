package dev.portcullis.application.secret;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.secret.port.in.ReadRootKeyStatus;
import dev.portcullis.application.secret.port.in.RootKeyStatus;
import dev.portcullis.application.secret.port.in.RotateRootKey;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.shared.Permission;
import java.util.Map;

/**
 * Root-key (KEK) rotation: {@link #rotate} makes a new KEK primary; {@link #rewrapBatch}, which the
 * background job calls until nothing is left (not a port), re-wraps the data keys wrapped by older KEKs.
 */
public final class RootKeyRotationService implements RotateRootKey, ReadRootKeyStatus {
  private final SecretStore store;
  private final Envelope envelope;
  private final Auditor auditor;
  private final Runnable wakeRewrapJob;
  private final dev.portcullis.application.shared.port.out.Decisions decisions;

  /** @param wakeRewrapJob asks the background job to start re-wrapping now (rather than at its next tick) */
  public RootKeyRotationService(SecretStore store, Envelope envelope, Auditor auditor, Runnable wakeRewrapJob) {
    this(store, envelope, auditor, wakeRewrapJob, dev.portcullis.application.shared.port.out.Decisions.NONE);
  }

  /** @param decisions counts the data keys re-wrapped (rotation progress) */
  public RootKeyRotationService(SecretStore store, Envelope envelope, Auditor auditor, Runnable wakeRewrapJob,
                                dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.decisions = decisions;
    this.store = store;
    this.envelope = envelope;
    this.auditor = auditor;
    this.wakeRewrapJob = wakeRewrapJob;
  }

  @Override
  public SecretOutcome<RootKeyStatus> rotate(RequestContext context) {
    if (!context.principal().may(Permission.ADMINISTER, Auditor.SYSTEM)) {
      auditor.record(context, Auditor.SYSTEM, AuditAction.ROOT_KEY_ROTATE, "", AuditOutcome.DENIED);
      return new SecretOutcome.Denied<>();
    }
    String kek = envelope.rotate();
    auditor.record(context, Auditor.SYSTEM, AuditAction.ROOT_KEY_ROTATE, kek, AuditOutcome.SUCCESS);
    wakeRewrapJob.run();
    return new SecretOutcome.Ok<>(currentStatus());
  }

  @Override
  public SecretOutcome<RootKeyStatus> status(RequestContext context) {
    if (!context.principal().may(Permission.ADMINISTER, Auditor.SYSTEM)) {
      return new SecretOutcome.Denied<>();
    }
    return new SecretOutcome.Ok<>(currentStatus());
  }

  /** Re-wraps up to {@code limit} data keys; returns how many it re-wrapped (0 = done). */
  public int rewrapBatch(int limit) {
    String primary = envelope.primaryKekId();
    int done = 0;
    for (SecretStore.Wrapped wrapped : store.wrappedWithOtherThan(primary, limit)) {
      byte[] binding = SecretBinding.of(wrapped.tenant(), wrapped.name(), wrapped.version());
      if (store.replaceWrapping(wrapped, envelope.rewrap(wrapped.sealed(), binding))) {
        done++;
      }
    }
    decisions.rootKeyRewrapped(done);
    return done;
  }

  private RootKeyStatus currentStatus() {
    String primary = envelope.primaryKekId();
    Map<String, Long> byKek = store.countByKek();
    long total = byKek.values().stream().mapToLong(Long::longValue).sum();
    return new RootKeyStatus(primary, total, byKek.getOrDefault(primary, 0L), byKek, envelope.rootKeyProvider(), envelope.keksByRootKeyProvider());
  }
}
