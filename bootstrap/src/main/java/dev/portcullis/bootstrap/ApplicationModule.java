package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.health.CheckReadinessService;
import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import dev.portcullis.application.shared.AuthenticateCallerService;
import dev.portcullis.application.shared.port.in.AuthenticateCaller;
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

  ApplicationModule(PortcullisConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(PortcullisConfig.class).toInstance(config);
    bind(InstantSource.class).toInstance(InstantSource.system());
    bind(FeatureCatalog.class).toInstance(new ConfiguredFeatures(config));
  }

  @Provides
  @Singleton
  CheckReadiness checkReadiness(Set<DependencyProbe> probes, FeatureCatalog features, InstantSource clock) {
    List<DependencyProbe> ordered = probes.stream().sorted(java.util.Comparator.comparing(DependencyProbe::name)).toList();
    return new CheckReadinessService(ordered, features, clock);
  }

  @Provides
  @Singleton
  AuthenticateCaller authenticateCaller() {
    return new AuthenticateCallerService(config.adminToken());
  }
}
