package dev.portcullis.bootstrap;

import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.FeatureState.State;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import dev.portcullis.bootstrap.config.ConfigKeys;
import dev.portcullis.bootstrap.config.Mode;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.util.List;

/**
 * The optional features and what their configuration says about them. A feature without its
 * configuration is disabled and the service still starts; readiness lists it with the reason.
 */
final class ConfiguredFeatures implements FeatureCatalog {
  private final PortcullisConfig config;
  private final JcaProviders.Active crypto;
  private final java.util.Optional<dev.portcullis.application.session.port.out.UpstreamProvider> upstream;

  ConfiguredFeatures(PortcullisConfig config, JcaProviders.Active crypto, java.util.Optional<dev.portcullis.application.session.port.out.UpstreamProvider> upstream) {
    this.config = config;
    this.crypto = crypto;
    this.upstream = upstream;
  }

  /** Evaluated per readiness check: the broker's state follows the upstream's discovery (cached by the adapter). */
  @Override
  public List<FeatureState> features() {
    return List.of(redis(config), broker(config, upstream), keyResolver(config), cryptoProvider(crypto));
  }

  private static FeatureState redis(PortcullisConfig config) {
    if (config.mode() == Mode.DEV) {
      return new FeatureState("redis", State.DISABLED, "dev mode keeps everything in memory");
    }
    return config.redis().isPresent()
        ? new FeatureState("redis", State.ENABLED, "shared caches, replay guard and invalidation broadcast")
        : new FeatureState("redis", State.DISABLED, ConfigKeys.REDIS_URL + " not set; Postgres carries the shared state");
  }

  private static FeatureState broker(PortcullisConfig config, java.util.Optional<dev.portcullis.application.session.port.out.UpstreamProvider> upstream) {
    if (config.upstream().isPresent() && upstream.isPresent()) {
      try {
        upstream.get().discovery();
        return new FeatureState("broker", State.ENABLED, "upstream " + config.upstream().get().issuer().getHost() + " reachable");
      } catch (dev.portcullis.application.session.port.out.UpstreamProvider.DiscoveryFailed e) {
        return new FeatureState("broker", State.DEGRADED, "upstream discovery failing: " + e.getMessage());
      }
    }
    if (config.upstream().isPresent()) {
      return new FeatureState("broker", State.DISABLED, "upstream configured, but no provider adapter is installed");
    }
    if (!config.missingForBroker().isEmpty()) {
      return new FeatureState("broker", State.DISABLED, "incomplete configuration: missing " + String.join(", ", config.missingForBroker()));
    }
    return new FeatureState("broker", State.DISABLED, "not configured (" + ConfigKeys.UPSTREAM_ISSUER + ", "
        + ConfigKeys.UPSTREAM_CLIENT_ID + ", " + ConfigKeys.UPSTREAM_CLIENT_SECRET + ")");
  }

  /** The native provider (ACCP) is the feature; the pure-Java fallback (BouncyCastle) still works, only slower. */
  private static FeatureState cryptoProvider(JcaProviders.Active crypto) {
    return new FeatureState("crypto_provider", crypto.isNative() ? State.ENABLED : State.DEGRADED, crypto.description());
  }

  private static FeatureState keyResolver(PortcullisConfig config) {
    return config.apiKeys().resolver().isPresent()
        ? new FeatureState("remote_key_resolver", State.ENABLED, "API keys resolve against " + config.apiKeys().resolver().get().url().getHost())
        : new FeatureState("remote_key_resolver", State.DISABLED, "not configured (" + ConfigKeys.KEY_RESOLVER_URL + ")");
  }
}
