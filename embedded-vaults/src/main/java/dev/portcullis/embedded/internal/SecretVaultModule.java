package dev.portcullis.embedded.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.audit.ReadAuditService;
import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.secret.ManageSecretsService;
import dev.portcullis.application.secret.SaveSecretService;
import dev.portcullis.application.secret.SecretLimits;
import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.InstantSource;

/**
 * The secret vault's use cases and the audit log they write to and read from: the one place they are
 * wired, for the service (bootstrap adds rotation, retention and HTTP around it) and for
 * {@link dev.portcullis.embedded.EmbeddedVaults}. Needs the driven ports bound: {@code SecretStore},
 * {@code AuditLog}, {@code Transactions}, {@code Envelope}, {@code Decisions}, {@code InstantSource}.
 * Internal: not part of the embedding API.
 */
public final class SecretVaultModule extends AbstractModule {
  private final SecretLimits limits;

  public SecretVaultModule(SecretLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void configure() {
    bind(SecretLimits.class).toInstance(limits);
    // one class for reading and changing secrets: the eight share one shape (authorize, store, audit) and the vault's limits
    bind(ReadSecret.class).to(ManageSecretsService.class);
    bind(DescribeSecret.class).to(ManageSecretsService.class);
    bind(ListSecretVersions.class).to(ManageSecretsService.class);
    bind(UpdateSecretMetadata.class).to(ManageSecretsService.class);
    bind(DeleteSecret.class).to(ManageSecretsService.class);
    bind(RestoreSecret.class).to(ManageSecretsService.class);
    bind(PurgeSecret.class).to(ManageSecretsService.class);
    bind(SearchSecrets.class).to(ManageSecretsService.class);
    bind(QueryAudit.class).to(ReadAuditService.class);
    bind(VerifyAuditChain.class).to(ReadAuditService.class);
  }

  @Provides
  @Singleton
  Auditor auditor(AuditLog log, InstantSource clock, Decisions decisions) {
    return new Auditor(log, clock, decisions);
  }

  @Provides
  @Singleton
  SaveSecret saveSecret(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock) {
    return new SaveSecretService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  ManageSecretsService manageSecrets(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock) {
    return new ManageSecretsService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  ReadAuditService readAudit(AuditLog log, Auditor auditor, Decisions decisions) {
    return new ReadAuditService(log, auditor, decisions);
  }
}
