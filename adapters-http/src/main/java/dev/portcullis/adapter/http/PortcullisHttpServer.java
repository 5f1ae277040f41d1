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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server: several instances of a verticle on virtual threads, sharing one port. Handlers
 * call the synchronous application directly; adapters {@code await()} their Vert.x futures, which
 * parks the virtual thread instead of blocking an event loop.
 *
 * <p>{@link #stop()} is graceful: the servers stop accepting connections, in-flight requests finish
 * (answered with {@code Connection: close}) for up to the configured grace period, then the rest are
 * closed.
 */
@Singleton
public final class PortcullisHttpServer {
  private final Vertx vertx;
  private final RouterFactory routerFactory;
  private final HttpSettings settings;
  private final AtomicInteger actualPort = new AtomicInteger(-1);
  private String deploymentId;

  @Inject
  public PortcullisHttpServer(Vertx vertx, RouterFactory routerFactory, HttpSettings settings) {
    this.vertx = vertx;
    this.routerFactory = routerFactory;
    this.settings = settings;
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

  public synchronized void stop() {
    if (deploymentId != null) {
      vertx.undeploy(deploymentId).await();
      deploymentId = null;
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
      return server.listen().onSuccess(s -> actualPort.set(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
      return server.shutdown(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
