package dev.portcullis.bootstrap;

import com.google.inject.Injector;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** Gauges registered once the service's wiring stands: the root key's providers and the Postgres pool. */
final class StartupGauges {
  private StartupGauges() {}

  /** {@code portcullis.root_key.provider{provider}} is 1 for the provider that wraps; {@code portcullis.root_key.keks{provider}} counts the KEKs each wraps. */
  static void rootKey(Injector injector) {
    MeterRegistry registry = injector.getInstance(MeterRegistry.class);
    Envelope envelope = injector.getInstance(Envelope.class);
    for (String provider : List.of("environment", "pkcs11")) {
      Gauge.builder("portcullis.root_key.provider", envelope, e -> provider.equals(e.rootKeyProvider()) ? 1 : 0).tag("provider", provider)
          .description("1 for the root-key provider that wraps KEKs now").register(registry);
      Gauge.builder("portcullis.root_key.keks", envelope, e -> e.keksByRootKeyProvider().getOrDefault(provider, 0L)).tag("provider", provider)
          .description("KEKs wrapped by each root-key provider (a migration is done when the previous one counts 0)").register(registry);
    }
  }

  static void pool(Injector injector) {
    Pool pool = injector.getInstance(Pool.class);
    MeterRegistry registry = injector.getInstance(MeterRegistry.class);
    PortcullisConfig config = injector.getInstance(PortcullisConfig.class);
    Gauge.builder("portcullis.pg.pool.connections", pool, Pool::size).description("Open connections in the Postgres pool").register(registry);
    Gauge.builder("portcullis.pg.pool.max", config, c -> c.postgresPoolSize()).description("Configured maximum of the Postgres pool").register(registry);
  }
}
