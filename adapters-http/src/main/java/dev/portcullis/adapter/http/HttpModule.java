package dev.portcullis.adapter.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The HTTP adapter: the server, the meter registry, and the foundation's own routes. */
public final class HttpModule extends AbstractModule {
  private final HttpSettings settings;
  private final ServiceInfo info;

  private final PeerAddresses.TrustedProxies trustedProxies;

  public HttpModule(HttpSettings settings, ServiceInfo info) {
    this(settings, info, PeerAddresses.TrustedProxies.NONE);
  }

  public HttpModule(HttpSettings settings, ServiceInfo info, PeerAddresses.TrustedProxies trustedProxies) {
    this.settings = settings;
    this.info = info;
    this.trustedProxies = trustedProxies;
  }

  @Override
  protected void configure() {
    bind(dev.portcullis.application.shared.port.out.Decisions.class).to(dev.portcullis.adapter.http.metrics.MicrometerDecisions.class)
        .in(com.google.inject.Singleton.class);
    bind(HttpSettings.class).toInstance(settings);
    bind(ServiceInfo.class).toInstance(info);
    bind(PeerAddresses.TrustedProxies.class).toInstance(trustedProxies);
    Multibinder<RouteContributor> routes = Multibinder.newSetBinder(binder(), RouteContributor.class);
    routes.addBinding().to(HealthRoutes.class);
    routes.addBinding().to(MetricsRoute.class);
    routes.addBinding().to(OpenApiRoute.class);
    routes.addBinding().to(AdminInfoRoute.class);
    routes.addBinding().to(dev.portcullis.adapter.http.secret.SecretRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.audit.AuditRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.secret.RootKeyRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.key.SigningKeyRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.grant.ClientRegistrationRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.grant.TokenRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.grant.TokenStatusRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.grant.DiscoveryRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.apikey.ApiKeyRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.apikey.ForwardAuthRoutes.class);
    routes.addBinding().to(dev.portcullis.adapter.http.console.ConsoleRoutes.class);
    // the session broker's token grants exist only when an upstream provider is configured (SessionModule sets them)
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.RedeemSessionCode.class);
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.RefreshSession.class);
    // the console's sign-in through the upstream provider exists only when operator groups are configured (SessionModule sets them)
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.StartOperatorSignIn.class);
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.CompleteOperatorSignIn.class);
    bind(dev.portcullis.application.shared.port.out.Suspension.class).to(VertxSuspension.class).in(com.google.inject.Singleton.class);
  }

  @Provides
  @Singleton
  PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  @Provides
  @Singleton
  MeterRegistry meterRegistry(PrometheusMeterRegistry prometheus) {
    return prometheus;
  }
}
