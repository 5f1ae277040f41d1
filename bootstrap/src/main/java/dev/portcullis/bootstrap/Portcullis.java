package dev.portcullis.bootstrap;

import com.google.inject.Binding;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import dev.portcullis.adapter.crypto.CryptoModule;
import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.adapter.http.HttpModule;
import dev.portcullis.adapter.http.PeerAddresses;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.adapter.http.HttpSettings;
import dev.portcullis.adapter.http.PortcullisHttpServer;
import dev.portcullis.adapter.http.ServiceInfo;
import dev.portcullis.adapter.memory.InMemoryModule;
import dev.portcullis.adapter.postgres.PgMigrations;
import dev.portcullis.adapter.postgres.PostgresModule;
import dev.portcullis.adapter.redis.RedisModule;
import dev.portcullis.bootstrap.config.Mode;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import dev.portcullis.bootstrap.config.PostgresUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the modules for a mode ({@code dev}: in-memory; {@code serve}: Postgres and, if
 * configured, Redis), builds the injector, and runs the lifecycle: migrate, listen, and on
 * {@link Running#close()} drain HTTP, then close pools and Vert.x.
 */
public final class Portcullis {
  private static final Logger log = LoggerFactory.getLogger(Portcullis.class);

  private Portcullis() {}

  /** Starts the service. {@code extraModules} let tests add route contributors or replace bindings (a clock). */
  public static Running start(PortcullisConfig config, Module... extraModules) {
    JcaProviders.Active crypto = JcaProviders.install(); // before any key is generated or parsed
    log.info("JCA provider for signatures: {}", crypto.description());
    int port = config.httpPort() == 0 ? freePort(config.httpHost()) : config.httpPort();
    String issuer = config.issuerFor(port).toString();
    List<Module> modules = new ArrayList<>();
    modules.add(new RuntimeModule());
    // one module per bounded context (platform, grants, keys, secrets, connections, sessions), then the adapters
    modules.add(new PlatformModule(config, crypto));
    modules.add(new GrantsModule(config, issuer));
    modules.add(new KeysModule(config));
    modules.add(new SecretsModule(config));
    dev.portcullis.application.shared.port.out.RootKey rootKey = ConfiguredRootKey.of(config);
    log.info("root key: {} provider{}", rootKey.provider(), rootKey instanceof dev.portcullis.application.shared.MigratingRootKey m
        ? " (migrating from " + String.join(", ", m.previousProviders()) + ")" : "");
    modules.add(new CryptoModule(rootKey, config.kekRingRefresh()));
    modules.add(binder -> com.google.inject.multibindings.Multibinder.newSetBinder(binder, dev.portcullis.application.health.port.out.DependencyProbe.class)
        .addBinding().toInstance(ConfiguredRootKey.probe(rootKey)));
    modules.add(new ConnectionModule(config.connections(), issuer));
    modules.add(new dev.portcullis.adapter.webclient.WebClientModule(egressRules(config), config.connections().timeout()));
    modules.add(new HttpModule(new HttpSettings(config.httpHost(), port, config.httpBodyLimitBytes(), config.shutdownGrace(), config.httpInstances(),
            config.deadlines().request()),
        new ServiceInfo(Version.current(), config.mode().label(), issuer), new PeerAddresses.TrustedProxies(config.trustedProxies())));
    if (config.mode() == Mode.DEV) {
      modules.add(new InMemoryModule());
    } else {
      // Redis, when configured, takes over the ports it implements better (replay guard) from Postgres,
      // and rings the doorbell so other nodes read the invalidation log at once instead of at their next poll.
      Module postgres = com.google.inject.util.Modules.combine(postgresModule(config), binder -> binder
          .bind(dev.portcullis.application.shared.port.out.Doorbell.class).toInstance(dev.portcullis.application.shared.port.out.Doorbell.NONE),
          binder -> binder.bind(dev.portcullis.application.shared.port.out.FailureCounter.class) // per node, unless Redis shares it
              .to(dev.portcullis.adapter.memory.InMemoryFailureCounter.class).in(Singleton.class));
      modules.add(config.redis()
          .map(redis -> com.google.inject.util.Modules.override(postgres).with(new RedisModule(redis.toString(), config.redisKeyPrefix(), config.sessions().redisStore())))
          .orElse(postgres));
    }
    config.upstream().ifPresent(upstream -> modules.add(new SessionModule(upstream, config.sessions(), issuer)));
    // Modules.override records every binding of every module a second time (~100 ms of a 1 s dev start): only when a caller overrides
    Injector injector = Guice.createInjector(Stage.PRODUCTION,
        extraModules.length == 0 ? com.google.inject.util.Modules.combine(modules) : com.google.inject.util.Modules.override(modules).with(extraModules));
    Running running = new Running(injector, issuer);
    try {
      if (config.mode() == Mode.SERVE) {
        List<Integer> applied = injector.getInstance(PgMigrations.class).migrate();
        log.info("schema is current ({} migration(s) applied now)", applied.size());
        StartupGauges.pool(injector);
      }
      injector.getInstance(Envelope.class).primaryKekId(); // loads (or, on first start, creates) the KEK ring: fail fast on a wrong root key
      StartupGauges.rootKey(injector);
      injector.getInstance(dev.portcullis.application.key.SigningKeysService.class).ensureSigningKey();
      injector.getInstance(dev.portcullis.application.apikey.KeyChecksums.class).ensureKey();
      int resealed = injector.getInstance(dev.portcullis.application.connection.BindSealedValuesToTenants.class).run();
      if (resealed > 0) {
        log.info("bound {} stored provider/connection value(s) to their tenant (one-time re-seal)", resealed);
      }
      injector.getInstance(dev.portcullis.application.shared.InvalidationFeed.class).poll(); // the current revocations, before the first request
      running.port = injector.getInstance(PortcullisHttpServer.class).start();
      injector.getInstance(BackgroundJobs.class).start();
    } catch (RuntimeException | Error e) {
      running.close();
      throw e;
    }
    log.info("Portcullis {} ({}) listening on {}:{}; issuer {}", Version.current(), config.mode().label(), config.httpHost(), running.port, issuer);
    return running;
  }

  /** The egress policy: in dev, loopback, private networks and plain http are allowed on top of what the operator lists. */
  static dev.portcullis.adapter.webclient.EgressRules egressRules(PortcullisConfig config) {
    List<String> allowed = new ArrayList<>(config.egress().allow());
    if (config.mode() == Mode.DEV) {
      allowed.addAll(List.of("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "localhost"));
    }
    return new dev.portcullis.adapter.webclient.EgressRules(allowed, config.egress().allowHttp());
  }

  /** Migrations only (the {@code migrate} command): no HTTP server. */
  public static List<Integer> migrate(PortcullisConfig config) {
    return withPostgres(config, injector -> injector.getInstance(PgMigrations.class).migrate());
  }

  /** A command against the configured database alone (no HTTP server): {@code work} on the Postgres wiring, then its pool and Vert.x closed. */
  private static <T> T withPostgres(PortcullisConfig config, java.util.function.Function<Injector, T> work) {
    Injector injector = Guice.createInjector(Stage.PRODUCTION, new RuntimeModule(), postgresModule(config));
    try {
      return work.apply(injector);
    } finally {
      injector.getInstance(Pool.class).close().await();
      injector.getInstance(Vertx.class).close().await();
    }
  }

  /** {@code portcullis audit prune}: the admin API's prune, run against the configured database by the operator (audited as the admin, request id {@code cli}). */
  public static dev.portcullis.application.audit.port.in.PruneAudit.Result pruneAudit(PortcullisConfig config, int olderThanDays, boolean dryRun) {
    return withPostgres(config, injector -> {
      var log = injector.getInstance(dev.portcullis.application.audit.port.out.AuditLog.class);
      var clock = java.time.Clock.systemUTC();
      var prune = new dev.portcullis.application.audit.PruneAuditService(log, new dev.portcullis.application.audit.Auditor(log, clock), clock);
      var operator = new dev.portcullis.application.shared.RequestContext(new dev.portcullis.domain.shared.Principal.Admin("cli"), "cli", "local");
      return switch (prune.prune(operator, olderThanDays, dryRun)) {
        case dev.portcullis.application.audit.port.in.AuditAccess.Granted<dev.portcullis.application.audit.port.in.PruneAudit.Result> ok -> ok.value();
        case dev.portcullis.application.audit.port.in.AuditAccess.Denied<dev.portcullis.application.audit.port.in.PruneAudit.Result> denied ->
            throw new IllegalStateException("the operator was denied");
      };
    });
  }

  static PostgresModule postgresModule(PortcullisConfig config) {
    PostgresUrl url = config.postgres().orElseThrow();
    PgConnectOptions connect = new PgConnectOptions().setHost(url.host()).setPort(url.port()).setDatabase(url.database())
        .setUser(url.user()).setReconnectAttempts(0);
    if (url.password() != null) {
      connect.setPassword(url.password().revealUtf8());
    }
    PoolOptions pool = new PoolOptions().setMaxSize(config.postgresPoolSize()).setMaxWaitQueueSize(1_000)
        .setConnectionTimeout((int) config.deadlines().postgresQuery().toMillis()).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setName("portcullis");
    return new PostgresModule(connect, pool, config.deadlines().postgresQuery());
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** A started service. {@link #close()} is the graceful shutdown, safe to call more than once and from any thread. */
  public static final class Running implements AutoCloseable {
    /** How long {@link #close()} waits for Vert.x to close once pools and Redis are closed. */
    static final Duration VERTX_CLOSE_LIMIT = Duration.ofSeconds(1);
    private final Injector injector;
    private final String issuer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile int port = -1;
    private boolean closed;
    private boolean interrupted;

    private Running(Injector injector, String issuer) {
      this.injector = injector;
      this.issuer = issuer;
    }

    public int port() {
      return port;
    }

    public String issuer() {
      return issuer;
    }

    public Injector injector() {
      return injector;
    }

    /** Whether {@link #close()} has begun (it may still be draining). */
    public boolean stopping() {
      return stopping.get();
    }

    public void awaitStopped() throws InterruptedException {
      stopped.await();
    }

    /**
     * The graceful shutdown (docs/operations.md, "Shutdown"):
     * <ol>
     *   <li>readiness answers 503 ({@code draining}) at once, and every response says {@code Connection: close};
     *   <li>the node keeps serving for {@code PORTCULLIS_SHUTDOWN_DRAIN_SECONDS}, while balancers take it out;
     *   <li>the listener closes, idle connections are closed, in-flight requests get up to
     *       {@code PORTCULLIS_SHUTDOWN_GRACE_SECONDS} to finish;
     *   <li>background jobs, the Postgres pool, Redis and Vert.x are closed.
     * </ol>
     * Returns within drain + grace + a few seconds. A second caller waits for the first to finish.
     */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      stopping.set(true);
      long start = System.nanoTime();
      PortcullisConfig config = injector.getInstance(PortcullisConfig.class);
      try {
        if (port != -1) { // started: drain; a failed start has nothing to drain
          injector.getInstance(dev.portcullis.application.health.port.in.Drain.class).begin();
          injector.getInstance(PortcullisHttpServer.class).beginDrain();
          if (!config.shutdownDrain().isZero()) {
            log.info("stopping: readiness answers 503, serving {} s more before the listener closes", config.shutdownDrain().toSeconds());
            sleep(config.shutdownDrain());
          }
        }
        log.info("stopping: draining HTTP requests (up to {} s)", config.shutdownGrace().toSeconds());
        injector.getInstance(PortcullisHttpServer.class).stop();
        injector.getInstance(BackgroundJobs.class).stop();
      } finally {
        closeIfBound(Pool.class, pool -> pool.close().await());
        closeIfBound(dev.portcullis.application.shared.port.out.Doorbell.class, dev.portcullis.application.shared.port.out.Doorbell::close);
        closeIfBound(Redis.class, Redis::close);
        closeIfBound(dev.portcullis.application.shared.port.out.RootKey.class, dev.portcullis.application.shared.port.out.RootKey::close);
        try {
          injector.getInstance(Vertx.class).close().await(VERTX_CLOSE_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          log.warn("Vert.x did not close within {} ms (a request handler still running?); leaving it", VERTX_CLOSE_LIMIT.toMillis());
        }
        log.atInfo().setMessage("stopped").addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000).log();
        stopped.countDown();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void sleep(Duration duration) {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        interrupted = true; // stop draining now; the rest of the shutdown still runs (and would not, with the flag set)
      }
    }

    private <T> void closeIfBound(Class<T> type, java.util.function.Consumer<T> closer) {
      Binding<T> binding = injector.getExistingBinding(Key.get(type));
      if (binding != null) {
        try {
          closer.accept(binding.getProvider().get());
        } catch (RuntimeException e) {
          log.warn("closing {} failed: {}", type.getSimpleName(), e.getMessage());
        }
      }
    }
  }
}
