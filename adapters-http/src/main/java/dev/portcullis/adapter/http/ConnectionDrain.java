package dev.portcullis.adapter.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves clients off this node's connections while it shuts down. Once {@link #begin()} has run, every
 * HTTP/1.x response (including those of requests already in flight) carries {@code Connection: close}
 * and the server closes the connection after it (RFC 9112 section 9.6), so a keep-alive client
 * reconnects — to another node, once the balancer has noticed — instead of finding its idle connection
 * gone under it. HTTP/2 connections get a GOAWAY instead.
 */
@Singleton
public final class ConnectionDrain {
  private final AtomicBoolean active = new AtomicBoolean();

  public void begin() {
    active.set(true);
  }

  public boolean active() {
    return active.get();
  }

  /** The router's first handler: decides at the moment the headers are written, not when the request arrived. */
  void handle(RoutingContext ctx) {
    boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
    AtomicBoolean closing = new AtomicBoolean(); // decided once, when the headers go out: a response that did not say close keeps its connection
    ctx.addHeadersEndHandler(v -> {
      if (active.get()) {
        closing.set(true);
        if (http1) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
      }
    });
    ctx.addEndHandler(done -> {
      if (closing.get()) {
        HttpConnection connection = ctx.request().connection();
        if (http1) {
          connection.close(); // after the response, which is already queued on the connection
        } else {
          connection.shutdown(0, TimeUnit.SECONDS);
        }
      }
    });
    ctx.next();
  }
}
