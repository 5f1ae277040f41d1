package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.application.health.CheckReadinessService;
import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import dev.portcullis.application.shared.AuthenticateCallerService;
import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import com.google.inject.Provider;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.audit.ReadAuditService;
import dev.portcullis.application.audit.port.in.ReadAudit;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.secret.EnforceRetention;
import dev.portcullis.application.secret.ManageSecretsService;
import dev.portcullis.application.secret.RootKeyRotationService;
import dev.portcullis.application.secret.SaveSecretService;
import dev.portcullis.application.secret.SecretLimits;
import dev.portcullis.application.secret.port.in.ManageSecrets;
import dev.portcullis.application.secret.port.in.RootKeyRotation;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Builds the use cases with {@code @Provides}, so domain and application classes carry no
 * injection annotations. Ports come from whichever adapter modules bootstrap chose.
 */
final class ApplicationModule extends AbstractModule {
  private final PortcullisConfig config;
  private final String issuer;
  private final JcaProviders.Active crypto;

  ApplicationModule(PortcullisConfig config, String issuer, JcaProviders.Active crypto) {
    this.config = config;
    this.issuer = issuer;
    this.crypto = crypto;
  }

  @Override
  protected void configure() {
    bind(PortcullisConfig.class).toInstance(config);
    bind(InstantSource.class).toInstance(InstantSource.system());
    bind(FeatureCatalog.class).toInstance(new ConfiguredFeatures(config, crypto));
  }

  @Provides
  @Singleton
  CheckReadiness checkReadiness(Set<DependencyProbe> probes, FeatureCatalog features, InstantSource clock) {
    List<DependencyProbe> ordered = probes.stream().sorted(java.util.Comparator.comparing(DependencyProbe::name)).toList();
    return new CheckReadinessService(ordered, features, clock);
  }

  @Provides
  @Singleton
  AuthenticateCaller authenticateCaller(dev.portcullis.application.grant.AccessTokens accessTokens) {
    return new AuthenticateCallerService(config.adminToken(), List.of(accessTokens));
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.AccessTokens accessTokens(dev.portcullis.application.key.port.in.SigningKeys signingKeys,
      dev.portcullis.application.grant.port.out.AccessTokenCodec codec, dev.portcullis.application.shared.port.out.TokenGenerator tokens, InstantSource clock) {
    return new dev.portcullis.application.grant.AccessTokens(signingKeys, codec, tokens, clock, issuer, config.accessTokenLifetime(), config.signingAlgorithm());
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.TokenEndpoint tokenEndpoint(dev.portcullis.application.grant.port.out.ClientStore clients,
      dev.portcullis.application.grant.AccessTokens accessTokens, dev.portcullis.application.grant.port.out.ClientAssertions assertions,
      dev.portcullis.application.grant.port.out.ReplayGuard replayGuard, InstantSource clock) {
    return new dev.portcullis.application.grant.ClientCredentialsService(clients, accessTokens, assertions, replayGuard, clock, issuer);
  }

  @Provides
  @Singleton
  SecretLimits secretLimits() {
    return new SecretLimits(config.secretMaxBytes(), config.secretDeleteRetention());
  }

  @Provides
  @Singleton
  Auditor auditor(AuditLog log, InstantSource clock) {
    return new Auditor(log, clock);
  }

  @Provides
  @Singleton
  SaveSecret saveSecret(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    return new SaveSecretService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  ManageSecrets manageSecrets(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    return new ManageSecretsService(store, envelope, transactions, auditor, clock, limits);
  }

  @Provides
  @Singleton
  RootKeyRotation rootKeyRotation(SecretStore store, Envelope envelope, Auditor auditor, Provider<BackgroundJobs> jobs) {
    return new RootKeyRotationService(store, envelope, auditor, () -> jobs.get().wakeRewrap());
  }

  @Provides
  @Singleton
  ReadAudit readAudit(AuditLog log, Auditor auditor) {
    return new ReadAuditService(log, auditor);
  }

  @Provides
  @Singleton
  dev.portcullis.application.key.port.in.SigningKeys signingKeys(dev.portcullis.application.key.port.out.SigningKeyStore store,
      dev.portcullis.application.key.port.out.JwsKeys jws, SecretStore secrets, Envelope envelope, Auditor auditor, InstantSource clock) {
    return new dev.portcullis.application.key.SigningKeysService(store, jws, secrets, envelope, auditor, clock,
        new dev.portcullis.application.key.SigningKeySettings(config.signingAlgorithm(), config.signingKeyOverlap(), config.tokenMaxLifetime()));
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.RegisterClients registerClients(dev.portcullis.application.grant.port.out.ClientStore clients,
      dev.portcullis.application.shared.port.out.TokenGenerator tokens, InstantSource clock) {
    return new dev.portcullis.application.grant.RegisterClientsService(clients, tokens, clock);
  }

  @Provides
  @Singleton
  EnforceRetention enforceRetention(AuditLog log, SecretStore store, InstantSource clock, dev.portcullis.application.grant.port.out.ReplayGuard replayGuard) {
    EnforceRetention retention = new EnforceRetention(log, store, clock, config.auditRetention(), config.secretDeleteRetention());
    retention.alsoDaily(() -> replayGuard.purgeExpired(clock.instant()));
    return retention;
  }
}
