package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.audit.PruneAuditService;
import dev.portcullis.application.audit.port.in.PruneAudit;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.secret.EnforceRetention;
import dev.portcullis.application.secret.ResolveSecretIdService;
import dev.portcullis.application.secret.RootKeyRotationService;
import dev.portcullis.application.secret.SecretLimits;
import dev.portcullis.application.secret.port.in.ReadRootKeyStatus;
import dev.portcullis.application.secret.port.in.ResolveSecretId;
import dev.portcullis.application.secret.port.in.RotateRootKey;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import dev.portcullis.embedded.internal.SecretVaultModule;
import java.time.InstantSource;

/**
 * The secret vault and its audit log. The use cases a product also gets in-process come from
 * {@link SecretVaultModule} (embedded-vaults); the service adds the root key's rotation, audit pruning and retention.
 */
final class SecretsModule extends AbstractModule {
  private final PortcullisConfig config;

  SecretsModule(PortcullisConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    install(new SecretVaultModule(new SecretLimits(config.secretMaxBytes(), config.secretDeleteRetention())));
    bind(RotateRootKey.class).to(RootKeyRotationService.class);
    bind(ReadRootKeyStatus.class).to(RootKeyRotationService.class);
    bind(PruneAudit.class).to(PruneAuditService.class);
  }

  @Provides
  @Singleton
  ResolveSecretId resolveSecretId(SecretStore store, Transactions transactions, Auditor auditor) {
    return new ResolveSecretIdService(store, transactions, auditor);
  }

  @Provides
  @Singleton
  RootKeyRotationService rootKeyRotation(SecretStore store, Envelope envelope, Auditor auditor, Provider<BackgroundJobs> jobs, Decisions decisions) {
    return new RootKeyRotationService(store, envelope, auditor, () -> jobs.get().wakeRewrap(), decisions);
  }

  @Provides
  @Singleton
  PruneAuditService pruneAudit(AuditLog log, Auditor auditor, InstantSource clock) {
    return new PruneAuditService(log, auditor, clock);
  }

  /** Audit and soft-deleted secrets past their retention, daily; expired replay-guard entries with them. */
  @Provides
  @Singleton
  EnforceRetention enforceRetention(PruneAuditService prune, SecretStore store, InstantSource clock, ReplayGuard replayGuard) {
    EnforceRetention retention = new EnforceRetention(prune, store, clock, config.auditRetention(), config.secretDeleteRetention());
    retention.alsoDaily(() -> replayGuard.purgeExpired(clock.instant()));
    return retention;
  }
}
