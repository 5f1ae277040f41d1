package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.adapter.memory.InMemoryFailureCounter;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.TokenStatusService;
import dev.portcullis.application.health.CheckReadinessService;
import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.Drain;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.AuthenticateCallerService;
import dev.portcullis.application.shared.AuthenticationThrottle;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import dev.portcullis.application.shared.port.out.Doorbell;
import dev.portcullis.application.shared.port.out.FailureCounter;
import dev.portcullis.application.shared.port.out.InvalidationLog;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every context stands on: the clock, readiness, who the caller is, the audit trail, the
 * invalidation feed and revocations every node replicates, and failed-authentication throttling.
 */
final class PlatformModule extends AbstractModule {
  private final PortcullisConfig config;
  private final JcaProviders.Active crypto;

  PlatformModule(PortcullisConfig config, JcaProviders.Active crypto) {
    this.config = config;
    this.crypto = crypto;
  }

  @Override
  protected void configure() {
    bind(PortcullisConfig.class).toInstance(config);
    bind(InstantSource.class).toInstance(InstantSource.system());
    Multibinder.newSetBinder(binder(), TokenStatusService.RevocationExtension.class);
    OptionalBinder.newOptionalBinder(binder(), UpstreamProvider.class);
  }

  @Provides
  @Singleton
  FeatureCatalog features(Optional<UpstreamProvider> upstream) {
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
  Drain drain(CheckReadinessService service) {
    return service;
  }

  @Provides
  @Singleton
  AuthenticateCaller authenticateCaller(AccessTokens accessTokens) {
    return new AuthenticateCallerService(config.adminToken(), List.of(accessTokens));
  }

  @Provides
  @Singleton
  InvalidationFeed invalidationFeed(InvalidationLog log, Doorbell doorbell, Transactions transactions, InstantSource clock) {
    return new InvalidationFeed(log, doorbell, transactions, clock,
        new InvalidationFeed.Settings(config.invalidations().poll(), config.invalidations().maxStaleness()));
  }

  @Provides
  @Singleton
  Revocations revocations(InvalidationFeed feed, InstantSource clock) {
    return new Revocations(feed, clock);
  }

  /** Counted on this node at once, and shared through Redis when it is configured. */
  @Provides
  @Singleton
  AuthenticationThrottle authenticationThrottle(FailureCounter shared, InstantSource clock) {
    FailureCounter local = shared instanceof InMemoryFailureCounter ? shared : new InMemoryFailureCounter();
    return new AuthenticationThrottle(shared, local, clock, config.throttle());
  }
}
