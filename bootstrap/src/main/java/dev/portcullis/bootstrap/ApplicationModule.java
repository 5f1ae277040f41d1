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
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.Revocations;
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
    com.google.inject.multibindings.Multibinder.newSetBinder(binder(), dev.portcullis.application.grant.TokenStatusService.RevocationExtension.class);
    bind(InstantSource.class).toInstance(InstantSource.system());
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.out.UpstreamProvider.class);
  }

  @Provides
  @Singleton
  FeatureCatalog features(java.util.Optional<dev.portcullis.application.session.port.out.UpstreamProvider> upstream) {
    return new ConfiguredFeatures(config, crypto, upstream);
  }

  @Provides
  @Singleton
  CheckReadinessService checkReadinessService(Set<DependencyProbe> probes, FeatureCatalog features, InstantSource clock) {
    return new CheckReadinessService(ConfiguredDependencies.of(config, probes), features, clock, DependencyProbe.BUDGET);
  }

  @Provides
  CheckReadiness checkReadiness(CheckReadinessService service) {
    return service;
  }

  @Provides
  dev.portcullis.application.health.port.in.Drain drain(CheckReadinessService service) {
    return service;
  }

  @Provides
  @Singleton
  AuthenticateCaller authenticateCaller(dev.portcullis.application.grant.AccessTokens accessTokens) {
    return new AuthenticateCallerService(config.adminToken(), List.of(accessTokens));
  }

  @Provides
  @Singleton
  InvalidationFeed invalidationFeed(dev.portcullis.application.shared.port.out.InvalidationLog log, dev.portcullis.application.shared.port.out.Doorbell doorbell,
      Transactions transactions, InstantSource clock) {
    return new InvalidationFeed(log, doorbell, transactions, clock,
        new InvalidationFeed.Settings(config.invalidations().poll(), config.invalidations().maxStaleness()));
  }

  @Provides
  @Singleton
  dev.portcullis.application.shared.AuthenticationThrottle authenticationThrottle(dev.portcullis.application.shared.port.out.FailureCounter shared,
      InstantSource clock) {
    dev.portcullis.application.shared.port.out.FailureCounter local = shared instanceof dev.portcullis.adapter.memory.InMemoryFailureCounter
        ? shared : new dev.portcullis.adapter.memory.InMemoryFailureCounter();
    return new dev.portcullis.application.shared.AuthenticationThrottle(shared, local, clock, config.throttle());
  }

  @Provides
  @Singleton
  Revocations revocations(InvalidationFeed feed, InstantSource clock) {
    return new Revocations(feed, clock);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.AccessTokens accessTokens(dev.portcullis.application.key.port.in.SigningKeys signingKeys,
      dev.portcullis.application.grant.port.out.AccessTokenCodec codec, dev.portcullis.application.shared.port.out.TokenGenerator tokens,
      Revocations revocations, InstantSource clock) {
    return new dev.portcullis.application.grant.AccessTokens(signingKeys, codec, tokens, revocations, clock, issuer, config.apiKeys().downstreamAudience(),
        config.accessTokenLifetime(), config.signingAlgorithm(), dev.portcullis.application.grant.AccessTokens.DEFAULT_CACHE_SIZE);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.CachingClientStore cachingClientStore(dev.portcullis.application.grant.port.out.ClientStore store,
      InvalidationFeed invalidations, InstantSource clock) {
    return new dev.portcullis.application.grant.CachingClientStore(store, invalidations, clock, 10_000);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.ClientAuthenticator clientAuthenticator(dev.portcullis.application.grant.CachingClientStore clients,
      dev.portcullis.application.grant.port.out.ClientAssertions assertions, dev.portcullis.application.grant.port.out.ClientJwksSource jwksSource,
      dev.portcullis.application.grant.port.out.ReplayGuard replayGuard, InstantSource clock, Auditor auditor) {
    return new dev.portcullis.application.grant.ClientAuthenticator(clients, assertions, jwksSource, replayGuard, clock, issuer, auditor);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.TokenEndpoint tokenEndpoint(dev.portcullis.application.grant.ClientAuthenticator authenticator,
      dev.portcullis.application.grant.AccessTokens accessTokens, dev.portcullis.application.grant.IssuedTokens issued) {
    return new dev.portcullis.application.grant.ClientCredentialsService(authenticator, accessTokens, issued);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.IssuedTokens issuedTokens(Auditor auditor, InstantSource clock) {
    return new dev.portcullis.application.grant.IssuedTokens(auditor, clock);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.TokenStatus tokenStatus(dev.portcullis.application.grant.ClientAuthenticator authenticator,
      dev.portcullis.application.grant.AccessTokens accessTokens, Set<dev.portcullis.application.grant.TokenStatusService.RevocationExtension> extensions,
      Auditor auditor, dev.portcullis.application.shared.port.out.Transactions transactions) {
    return new dev.portcullis.application.grant.TokenStatusService(authenticator, accessTokens, List.copyOf(extensions), auditor, transactions);
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.LastUsed lastUsed(dev.portcullis.application.apikey.port.out.ApiKeyStore store) {
    return new dev.portcullis.application.apikey.LastUsed(store);
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.port.out.ApiKeyResolver apiKeyResolver(dev.portcullis.application.apikey.port.out.ApiKeyStore store, InstantSource clock,
      io.vertx.core.Vertx vertx, dev.portcullis.adapter.webclient.EgressRules rules, dev.portcullis.application.apikey.KeyChecksums checksums) {
    return config.apiKeys().resolver() // the operator's resolver: trusted as configured, with its own deadline
        .<dev.portcullis.application.apikey.port.out.ApiKeyResolver>map(remote -> new dev.portcullis.adapter.webclient.WebClientKeyResolver(
            dev.portcullis.adapter.webclient.WebClientModule.outbound(vertx, rules, remote.timeout()), remote.url(), remote.sharedSecret()))
        .orElseGet(() -> new dev.portcullis.application.apikey.StoreApiKeyResolver(store, clock, checksums));
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.ApiKeyVerifier apiKeyVerifier(dev.portcullis.application.apikey.port.out.ApiKeyResolver resolver,
      InvalidationFeed invalidations, InstantSource clock, dev.portcullis.application.apikey.LastUsed lastUsed,
      dev.portcullis.application.shared.port.out.Suspension suspension) {
    var settings = config.apiKeys();
    return new dev.portcullis.application.apikey.ApiKeyVerifier(resolver, invalidations, clock,
        new dev.portcullis.application.apikey.ApiKeyVerifier.Settings(settings.prefix(), settings.positiveTtl(), settings.negativeTtl(), settings.cacheSize()),
        lastUsed, suspension);
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.port.in.ForwardAuth forwardAuth(dev.portcullis.application.apikey.ApiKeyVerifier verifier,
      dev.portcullis.application.grant.AccessTokens accessTokens) {
    return new dev.portcullis.application.apikey.ForwardAuthService(verifier, accessTokens, config.apiKeys().forwardTokenLifetime());
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.port.in.ManageApiKeys manageApiKeys(dev.portcullis.application.apikey.port.out.ApiKeyStore store,
      dev.portcullis.application.shared.port.out.TokenGenerator random, InvalidationFeed invalidations, Revocations revocations,
      Transactions transactions, Auditor auditor, InstantSource clock, dev.portcullis.application.apikey.KeyChecksums checksums) {
    return new dev.portcullis.application.apikey.ApiKeysService(store, random, invalidations, revocations, transactions, auditor, clock,
        config.apiKeys().prefix(), config.apiKeys().rotationGrace(), config.apiKeys().forwardTokenLifetime(), checksums);
  }

  @Provides
  @jakarta.inject.Named(dev.portcullis.adapter.http.apikey.ForwardAuthRoutes.HEADER_NAME)
  String apiKeyHeader() {
    return config.apiKeys().header();
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.ClientOrigins clientOrigins(dev.portcullis.application.grant.CachingClientStore clients, InstantSource clock) {
    return new dev.portcullis.application.grant.ClientOriginsService(clients, clock);
  }

  @Provides
  @Singleton
  dev.portcullis.application.apikey.KeyChecksums keyChecksums(SecretStore secrets, Envelope envelope,
      dev.portcullis.application.shared.port.out.TokenGenerator random, InstantSource clock) {
    return new dev.portcullis.application.apikey.KeyChecksums(secrets, envelope, random, clock, new dev.portcullis.adapter.crypto.JcaMessageAuthentication());
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
  dev.portcullis.application.grant.port.in.RegisterClients registerClients(dev.portcullis.application.grant.CachingClientStore clients,
      dev.portcullis.application.shared.port.out.TokenGenerator tokens, Revocations revocations, Transactions transactions, InstantSource clock,
      dev.portcullis.application.shared.port.out.EgressPolicy egress, Auditor auditor) {
    return new dev.portcullis.application.grant.RegisterClientsService(clients, tokens, revocations, transactions, clock, config.tokenMaxLifetime(), egress,
        auditor);
  }

  @Provides
  @Singleton
  EnforceRetention enforceRetention(AuditLog log, SecretStore store, InstantSource clock, dev.portcullis.application.grant.port.out.ReplayGuard replayGuard) {
    EnforceRetention retention = new EnforceRetention(log, store, clock, config.auditRetention(), config.secretDeleteRetention());
    retention.alsoDaily(() -> replayGuard.purgeExpired(clock.instant()));
    return retention;
  }
}
