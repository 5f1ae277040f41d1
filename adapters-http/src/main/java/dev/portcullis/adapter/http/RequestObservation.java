package dev.portcullis.adapter.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One access-log line and one timer sample per request, tagged by route pattern and status. */
final class RequestObservation {
  private static final Logger access = LoggerFactory.getLogger("portcullis.http.access");
  private final MeterRegistry registry;

  RequestObservation(MeterRegistry registry) {
    this.registry = registry;
  }

  void observe(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> record(RequestIds.of(ctx), ctx.request().method().name(), ctx.get(Routes.ROUTE_KEY, "unmatched"),
        ctx.response().getStatusCode(), System.nanoTime() - start));
    ctx.next();
  }

  /** A request the HTTP decoder refused before the router ran ({@link InvalidRequests}): route {@code unmatched}. */
  void refused(String requestId, HttpMethod method, int status) {
    record(requestId, method == null ? "-" : method.name(), "unmatched", status, 0);
  }

  private void record(String requestId, String method, String route, int status, long nanos) {
    Timer.builder("http.server.requests")
        .description("HTTP requests by route pattern, method and status")
        .tag("route", route)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    access.atInfo()
        .setMessage("request")
        .addKeyValue("request_id", requestId)
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", Math.round(nanos / 1_000_000.0 * 10) / 10.0)
        .log();
  }
}
