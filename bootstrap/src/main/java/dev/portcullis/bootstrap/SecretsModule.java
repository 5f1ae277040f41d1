package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.audit.ReadAuditService;
import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.secret.EnforceRetention;
import dev.portcullis.application.secret.ManageSecretsService;
import dev.portcullis.application.audit.PruneAuditService;
import dev.portcullis.application.audit.port.in.PruneAudit;
import dev.portcullis.application.secret.ResolveSecretIdService;
import dev.portcullis.application.secret.port.in.ResolveSecretId;
import dev.portcullis.application.secret.RootKeyRotationService;
import dev.portcullis.application.secret.SaveSecretService;
import dev.portcullis.application.secret.SecretLimits;
import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;
import dev.portcullis.application.secret.port.in.ReadRootKeyStatus;
import dev.portcullis.application.secret.port.in.RotateRootKey;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.time.InstantSource;

/** The secret vault and its audit log: writes, reads and versions, the root key's rotation, reading and verifying the audit chain, retention. */
final class SecretsModule extends AbstractModule {
  private final PortcullisConfig config;

  SecretsModule(PortcullisConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    // one class for reading and changing secrets: the eight share one shape (authorize, store, audit) and the vault's limits
    bind(ReadSecret.class).to(ManageSecretsService.class);
    bind(DescribeSecret.class).to(ManageSecretsService.class);
    bind(ListSecretVersions.class).to(ManageSecretsService.class);
    bind(UpdateSecretMetadata.class).to(ManageSecretsService.class);
    bind(DeleteSecret.class).to(ManageSecretsService.class);
    bind(RestoreSecret.class).to(ManageSecretsService.class);
    bind(PurgeSecret.class).to(ManageSecretsService.class);
    bind(SearchSecrets.class).to(ManageSecretsService.class);
    bind(RotateRootKey.class).to(RootKeyRotationService.class);
    bind(ReadRootKeyStatus.class).to(RootKeyRotationService.class);
    bind(QueryAudit.class).to(ReadAuditService.class);
    bind(VerifyAuditChain.class).to(ReadAuditService.class);
    bind(PruneAudit.class).to(PruneAuditService.class);
  }

  @Provides
  @Singleton
  SecretLimits secretLimits() {
    return new SecretLimits(config.secretMaxBytes(), config.secretDeleteRetention());
  }

  @Provides
  @Singleton
  SaveSecret saveSecret(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    return new SaveSecretService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  ManageSecretsService manageSecrets(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    return new ManageSecretsService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  ResolveSecretId resolveSecretId(SecretStore store, Transactions transactions, Auditor auditor) {
    return new ResolveSecretIdService(store, transactions, auditor);
  }

  @Provides
  @Singleton
  RootKeyRotationService rootKeyRotation(SecretStore store, Envelope envelope, Auditor auditor, Provider<BackgroundJobs> jobs, dev.portcullis.application.shared.port.out.Decisions decisions) {
    return new RootKeyRotationService(store, envelope, auditor, () -> jobs.get().wakeRewrap(), decisions);
  }

  @Provides
  @Singleton
  ReadAuditService readAudit(AuditLog log, Auditor auditor, dev.portcullis.application.shared.port.out.Decisions decisions) {
    return new ReadAuditService(log, auditor, decisions);
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
