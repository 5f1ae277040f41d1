package dev.portcullis.embedded.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.portcullis.adapter.crypto.CryptoModule;
import dev.portcullis.adapter.postgres.PgMigrations;
import dev.portcullis.adapter.postgres.PostgresModule;
import dev.portcullis.adapter.webclient.EgressRules;
import dev.portcullis.adapter.webclient.WebClientModule;
import dev.portcullis.application.connection.BindSealedValuesToTenants;
import dev.portcullis.application.connection.ConnectSettings;
import dev.portcullis.application.secret.SecretLimits;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.Doorbell;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.application.shared.port.out.Suspension;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.portcullis.embedded.EmbeddedVaults} runs on: the injector over the Postgres, crypto and
 * (with a callback) web-client adapters and the vaults' modules, its Vert.x instance and the root key;
 * started with the schema applied or checked and the key-encryption keys loaded, closed as one.
 * Internal: not part of the embedding API.
 */
public final class VaultsRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VaultsRuntime.class);
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  /** The builder's settings, checked. */
  public record Settings(PgConnectOptions connect, int poolSize, Duration queryTimeout, RootKey rootKey, boolean migrate, Optional<URI> callback,
                         Duration refreshAhead, Duration providerTimeout, List<String> egressAllow, boolean allowPlainHttp, int maxSecretBytes,
                         Duration deleteRetention, InstantSource clock, Decisions decisions) {}

  private final Injector injector;
  private final Vertx vertx;
  private final RootKey rootKey;
  private final boolean tokenVault;

  private VaultsRuntime(Injector injector, Vertx vertx, RootKey rootKey, boolean tokenVault) {
    this.injector = injector;
    this.vertx = vertx;
    this.rootKey = rootKey;
    this.tokenVault = tokenVault;
  }

  public <T> T get(Class<T> type) {
    return injector.getInstance(Key.get(type));
  }

  public boolean tokenVault() {
    return tokenVault;
  }

  /**
   * Connects, applies or checks the schema, loads (or on first start creates) the key-encryption keys.
   * On any failure closes what it opened, the root key included, and rethrows (a connection-level
   * failure as {@link DependencyUnavailable}).
   */
  public static VaultsRuntime start(Settings settings) {
    RootKey key = settings.rootKey();
    Optional<URI> callback = settings.callback();
    PoolOptions pool = new PoolOptions().setMaxSize(settings.poolSize()).setMaxWaitQueueSize(1_000).setName("portcullis-vaults")
        .setConnectionTimeout((int) settings.queryTimeout().toMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false).setEventLoopPoolSize(2));
    List<Module> modules = new ArrayList<>();
    modules.add(new AbstractModule() {
      @Override
      protected void configure() {
        bind(Vertx.class).toInstance(vertx);
        bind(InstantSource.class).toInstance(settings.clock());
        bind(Decisions.class).toInstance(settings.decisions());
        bind(Suspension.class).toInstance(Suspension.PLAIN);
        bind(Doorbell.class).toInstance(Doorbell.NONE);
      }
    });
    modules.add(new PostgresModule(settings.connect(), pool, settings.queryTimeout()));
    modules.add(new CryptoModule(key, Duration.ofSeconds(60)));
    modules.add(new SecretVaultModule(new SecretLimits(settings.maxSecretBytes(), settings.deleteRetention())));
    if (callback.isPresent()) {
      modules.add(new WebClientModule(new EgressRules(settings.egressAllow(), settings.allowPlainHttp()), settings.providerTimeout()));
      modules.add(new TokenVaultModule(new ConnectSettings(callback.get(), settings.refreshAhead(), Duration.ofMinutes(10), 10_000)));
    }
    VaultsRuntime runtime = null;
    try {
      Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
      runtime = new VaultsRuntime(injector, vertx, key, callback.isPresent());
      PgMigrations migrations = injector.getInstance(PgMigrations.class);
      if (settings.migrate()) {
        migrations.migrate();
      } else {
        List<Integer> pending = migrations.pending();
        if (!pending.isEmpty()) {
          throw new IllegalStateException("the database lacks migrations " + pending + " of this version: start with Schema.MIGRATE, or run `portcullis settings.migrate()`");
        }
      }
      injector.getInstance(Envelope.class).primaryKekId(); // fail fast on a wrong root key
      if (callback.isPresent()) {
        injector.getInstance(BindSealedValuesToTenants.class).run();
      }
      return runtime;
    } catch (Throwable e) { // Future.await() rethrows checked failures too (a refused connection): nothing may stay open
      try {
        if (runtime != null) {
          runtime.close();
        } else {
          vertx.close();
          key.close();
        }
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new DependencyUnavailable("postgres", e);
    }
  }

  /** Closes the pool and the HTTP client (their threads with them, within 10 s), then the root key. */
  @Override
  public void close() {
    try {
      vertx.close().await(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) { // a close that fails or times out must not stop the root key from closing
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("closing the vaults' connections: {}", e.getClass().getSimpleName());
    } finally {
      rootKey.close();
    }
  }

  /** The query parameters the Postgres client understands; anything else would be dropped silently (a JDBC {@code ssl=true} among them). */
  private static final java.util.Set<String> URL_PARAMETERS = java.util.Set.of("host", "hostaddr", "port", "user", "password", "dbname", "sslmode",
      "application_name", "fallback_application_name", "search_path", "options");

  /** Checks the URL before anything opens; refuses parameters the client would drop (named, never echoing the password). */
  public static PgConnectOptions connectOptions(String url) {
    String query = java.net.URI.create(url.replace(" ", "%20")).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        String name = pair.split("=", 2)[0];
        if (!URL_PARAMETERS.contains(name)) {
          throw new IllegalArgumentException("the Postgres URL parameter '" + name + "' is not supported"
              + (name.startsWith("ssl") ? " (for TLS use sslmode=require, verify-ca or verify-full)" : "") + "; supported: " + new java.util.TreeSet<>(URL_PARAMETERS));
        }
      }
    }
    try {
      return PgConnectOptions.fromUri(url).setReconnectAttempts(0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Postgres URL (postgresql://user:password@host:port/database; percent-encode"
          + " characters such as @ / # + $ in the user or password)");
    }
  }
}
