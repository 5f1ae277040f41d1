package dev.portcullis.adapter.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: several instances of a verticle on virtual threads, sharing one port. Handlers
 * call the synchronous application directly; adapters {@code await()} their Vert.x futures, which
 * parks the virtual thread instead of blocking an event loop.
 *
 * <p>Shutdown has two steps. {@link #beginDrain()}: the server still accepts connections and serves
 * normally, but every response carries {@code Connection: close} and its connection is closed after it,
 * so keep-alive clients move away cleanly. {@link #stop()}: the servers stop accepting connections, idle
 * connections are closed (a FIN, not a reset), in-flight requests finish (answered with
 * {@code Connection: close}) for up to the configured grace period, then the rest are closed.
 */
@Singleton
public final class PortcullisHttpServer {
  /** How long {@link #stop()} waits beyond the grace period for what Vert.x should have finished by then. */
  static final Duration LINGER = Duration.ofMillis(250);
  private static final Logger log = LoggerFactory.getLogger(PortcullisHttpServer.class);
  private final Vertx vertx;
  private final RouterFactory routerFactory;
  private final HttpSettings settings;
  private final ConnectionDrain drain;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final AtomicInteger actualPort = new AtomicInteger(-1);
  private String deploymentId;

  @Inject
  public PortcullisHttpServer(Vertx vertx, RouterFactory routerFactory, HttpSettings settings, ConnectionDrain drain) {
    this.vertx = vertx;
    this.routerFactory = routerFactory;
    this.settings = settings;
    this.drain = drain;
  }

  /** Starts listening; returns the port (the chosen one when configured with port 0). */
  public synchronized int start() {
    DeploymentOptions options = new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD).setInstances(settings.instances());
    deploymentId = vertx.deployVerticle(Instance::new, options).await();
    return actualPort.get();
  }

  public int port() {
    return actualPort.get();
  }

  /** From now on every response says {@code Connection: close}; the server keeps accepting connections. */
  public void beginDrain() {
    drain.begin();
  }

  /**
   * Stops accepting connections and waits for in-flight requests for up to the grace period; returns
   * when every connection is closed.
   */
  public synchronized void stop() {
    drain.begin();
    if (deploymentId == null) {
      return;
    }
    // Shut the servers down from here rather than from the verticles' stop(), which runs on a verticle's
    // context and so only after whatever its handlers are doing: the grace period must hold regardless.
    long grace = settings.shutdownGrace().toMillis();
    awaitAtMost(Future.join(servers.stream().map(s -> s.shutdown(grace, TimeUnit.MILLISECONDS)).toList()), grace + LINGER.toMillis(),
        "HTTP connections still open after the grace period");
    servers.clear();
    awaitAtMost(vertx.undeploy(deploymentId), LINGER.toMillis(), "request handlers still running after the grace period; abandoning them");
    deploymentId = null;
  }

  private static void awaitAtMost(Future<?> future, long millis, String warning) {
    try {
      future.await(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(warning);
    } catch (RuntimeException e) {
      log.warn("{}: {}", warning, e.getMessage());
    }
  }

  private final class Instance extends VerticleBase {
    private HttpServer server;

    @Override
    public Future<?> start() {
      // Port 0 means "any free port"; Vert.x shares a random port between instances only when it
      // is asked for with a negative number, so every instance listens on the same one.
      int port = settings.port() == 0 ? -1 : settings.port();
      RouterFactory.Handlers handlers = routerFactory.handlers(vertx);
      server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(port)
              .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS).setCompressionSupported(true)
              .setMaxInitialLineLength(InvalidRequests.MAX_REQUEST_LINE).setMaxHeaderSize(InvalidRequests.MAX_HEADER_SIZE)
              // No cleartext HTTP/2: Vert.x upgrades an "Upgrade: h2c" request before it looks at the
              // decoder's verdict, so a request with oversized headers got "101 Switching Protocols" and
              // then no answer at all. Clients that offer the upgrade simply carry on with HTTP/1.1.
              .setHttp2ClearTextEnabled(false))
          .requestHandler(handlers.router())
          .invalidRequestHandler(handlers.invalidRequests());
      servers.add(server);
      return server.listen().onSuccess(s -> actualPort.set(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
      return server.shutdown(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
