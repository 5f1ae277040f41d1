package dev.portcullis.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.health.port.in.CheckReadiness;
import dev.portcullis.application.health.port.in.FeatureState;
import dev.portcullis.application.health.port.in.ReadinessReport;
import dev.portcullis.application.health.port.out.FeatureCatalog;
import dev.portcullis.application.shared.AuthenticateCallerService;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.testsupport.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  private static final String ADMIN_TOKEN = "admin-token-for-http-server-test-0123456789";
  private static final String SENTINEL = "sentinel-internal-detail-4b1d";

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch heldStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private PortcullisHttpServer server;
  private String base;

  @BeforeEach
  void start() {
    CheckReadiness readiness = () -> new ReadinessReport(Instant.parse("2026-11-23T10:00:00Z"),
        List.of(new ReadinessReport.Check("postgres", ready.get() ? ReadinessReport.Check.Status.UP : ReadinessReport.Check.Status.DOWN, Duration.ZERO, ready.get() ? "answers" : "connection refused")),
        List.of(new FeatureState("crypto_provider", FeatureState.State.ENABLED, "AmazonCorrettoCryptoProvider 2.5.0 (native AWS-LC v1.47.0)")));
    FeatureCatalog features = () -> List.of(new FeatureState("broker", FeatureState.State.DISABLED, "not configured"));
    AdminOnly adminOnly = new AdminOnly(new Callers(new AuthenticateCallerService(SecretBytes.ofUtf8(ADMIN_TOKEN))));
    ServiceInfo info = new ServiceInfo("test", "dev", "http://127.0.0.1");
    RouteContributor testRoutes = routes -> routes
        .post("/test/echo", ctx -> ctx.response().end(ctx.body().asString()))
        .get("/test/thread", ctx -> ctx.response().end(Thread.currentThread().isVirtual() ? "virtual" : "platform"))
        .get("/test/slow", ctx -> {
          slowStarted.countDown();
          vertx.timer(700).await();
          ctx.response().end("slow done");
        })
        .get("/test/held", ctx -> {
          heldStarted.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ctx.response().end("held done");
        })
        .get("/test/boom", ctx -> { throw new IllegalStateException(SENTINEL); })
        .get("/test/unavailable", ctx -> { throw new DependencyUnavailable("postgres", new ConnectException(SENTINEL)); })
        .oauth(HttpMethod.POST, "/test/oauth", ctx -> HttpErrors.respond(ctx, 400, "invalid_grant", "the code was already used"));
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5), 2);
    ConnectionDrain drain = new ConnectionDrain();
    RouterFactory routers = new RouterFactory(Set.of(new HealthRoutes(readiness), new MetricsRoute(registry),
        new OpenApiRoute(info), new AdminInfoRoute(info, features, adminOnly), testRoutes), settings, registry, drain, new PeerAddresses(PeerAddresses.TrustedProxies.NONE),
        throttling(registry), console());
    server = new PortcullisHttpServer(vertx, routers, settings, drain);
    base = "http://127.0.0.1:" + server.start();
  }

  /** Throttling that never counts anything: these tests are about the server, not about brute force. */
  static Throttling throttling(io.micrometer.core.instrument.MeterRegistry registry) {
    dev.portcullis.application.shared.port.out.FailureCounter none = new dev.portcullis.application.shared.port.out.FailureCounter() {
      @Override
      public Counts record(java.util.List<String> keys, Duration window, java.time.Instant now) {
        return counts(keys, window, now);
      }

      @Override
      public Counts counts(java.util.List<String> keys, Duration window, java.time.Instant now) {
        java.util.List<Long> zeros = keys.stream().map(k -> 0L).toList();
        return new Counts(zeros, zeros);
      }
    };
    return new Throttling(new dev.portcullis.application.shared.AuthenticationThrottle(none, none, java.time.InstantSource.system(),
        dev.portcullis.application.shared.AuthenticationThrottle.Limits.DEFAULT), "X-Api-Key", registry);
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop();
    vertx.close().await();
  }

  @Test
  void live_answers_200() throws Exception {
    HttpResponse<String> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("live");
  }

  @Test
  void rfc9110_9_3_2_head_works_wherever_get_does_with_the_same_status_and_content_type_and_no_body() throws Exception {
    HttpResponse<String> get = get("/health/live");
    HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> headReady = send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    assertThat(headReady.statusCode()).isEqualTo(get("/health/ready").statusCode());
  }

  @Test
  void handlers_run_on_virtual_threads_so_the_application_may_block_on_await() throws Exception {
    HttpResponse<String> response = get("/test/thread");

    assertThat(response.body()).isEqualTo("virtual");
  }

  @Test
  void ready_names_each_feature_with_its_state_and_detail_such_as_the_active_crypto_provider() throws Exception {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonArray("features").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("name", "crypto_provider").put("state", "enabled").put("detail", "AmazonCorrettoCryptoProvider 2.5.0 (native AWS-LC v1.47.0)"));
  }

  @Test
  void ready_is_503_with_the_failing_check_named_when_a_dependency_is_down() throws Exception {
    ready.set(false);

    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("status")).isEqualTo("not_ready");
    assertThat(body.getJsonArray("checks").getJsonObject(0).getString("status")).isEqualTo("down");
  }

  @Test
  void unknown_route_is_404_in_the_rest_error_format() throws Exception {
    HttpResponse<String> response = get("/no/such/thing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("not_found");
    assertThat(error.getInteger("status")).isEqualTo(404);
    assertThat(error.getString("message")).contains("/no/such/thing");
  }

  @Test
  void wrong_method_is_405_in_the_rest_error_format() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).DELETE());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type")).isEqualTo("method_not_allowed");
  }

  @Test
  void body_over_the_limit_is_413_in_the_rest_error_format() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/test/echo")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type")).isEqualTo("payload_too_large");
  }

  @Test
  void body_within_the_limit_reaches_the_handler() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/test/echo")).POST(HttpRequest.BodyPublishers.ofString("hello")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
  }

  @Test
  void a_well_formed_request_id_is_echoed_and_a_malformed_one_replaced() throws Exception {
    HttpResponse<String> echoed = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).header("X-Request-Id", "abc-123.def:4"));
    HttpResponse<String> replaced = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).header("X-Request-Id", "bad id <script>"));
    HttpResponse<String> generated = get("/no/such/thing");

    assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123.def:4");
    assertThat(replaced.headers().firstValue("X-Request-Id")).isPresent().get().asString().matches("[0-9a-f-]{36}");
    assertThat(generated.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void an_unexpected_failure_is_500_without_stack_trace_or_internal_detail() throws Exception {
    HttpResponse<String> response = get("/test/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain(SENTINEL).doesNotContain("Exception").doesNotContain("at dev.");
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("message"))
        .contains(response.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void an_unavailable_dependency_is_503_with_retry_after_and_no_detail() throws Exception {
    HttpResponse<String> response = get("/test/unavailable");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.body()).doesNotContain(SENTINEL);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type")).isEqualTo("service_unavailable");
  }

  @Test
  void oauth_routes_answer_errors_in_the_rfc6749_5_2_format() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/test/oauth")).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(new JsonObject(response.body()).getString("error_description")).isEqualTo("the code was already used");
  }

  @Test
  void a_request_line_over_the_limit_is_414_with_a_body_in_the_rest_error_format() throws Exception {
    HttpResponse<String> rest = get("/health/live?q=" + "a".repeat(5000));
    HttpResponse<String> oauth = send(HttpRequest.newBuilder(URI.create(base + "/test/oauth?q=" + "a".repeat(5000))).POST(HttpRequest.BodyPublishers.noBody()));

    for (HttpResponse<String> response : List.of(rest, oauth)) {
      assertThat(response.statusCode()).isEqualTo(414);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
      JsonObject error = new JsonObject(response.body()).getJsonObject("error");
      assertThat(error.getString("type")).isEqualTo("uri_too_long");
      assertThat(error.getInteger("status")).isEqualTo(414);
      assertThat(error.getString("message")).contains("4096").doesNotContain("aaaa");
    }
  }

  @Test
  void request_headers_over_the_limit_are_431_in_the_error_format_of_the_route() throws Exception {
    // The JDK client offers an h2c upgrade on these requests; the server must answer 431, not switch protocols.
    String filler = "b".repeat(9000);
    HttpResponse<String> rest = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).header("X-Filler", filler));
    HttpResponse<String> oauth = send(HttpRequest.newBuilder(URI.create(base + "/test/oauth")).header("X-Filler", filler).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(rest.statusCode()).isEqualTo(431);
    assertThat(rest.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(rest.headers().firstValue("X-Request-Id")).isPresent();
    JsonObject error = new JsonObject(rest.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("request_header_fields_too_large");
    assertThat(error.getInteger("status")).isEqualTo(431);
    assertThat(error.getString("message")).contains("8192");
    assertThat(oauth.statusCode()).isEqualTo(431);
    assertThat(oauth.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(oauth.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(new JsonObject(oauth.body()).getString("error")).isEqualTo("invalid_request");
    assertThat(new JsonObject(oauth.body()).getString("error_description")).contains("8192");
    assertThat(rest.body() + oauth.body()).doesNotContain("bbbb");
  }

  @Test
  void a_request_the_http_decoder_refuses_is_400_with_a_body_in_the_rest_error_format() throws Exception {
    String answer;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", URI.create(base).getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: x\r\nBad\u0001Name: " + SENTINEL + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(new JsonObject(body).getJsonObject("error").getString("type")).isEqualTo("bad_request");
    assertThat(body).doesNotContain(SENTINEL);
  }

  @Test
  void admin_routes_need_the_admin_token() throws Exception {
    HttpResponse<String> none = get("/v1/admin/info");
    HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/info")).header("Authorization", "Bearer " + SENTINEL));
    HttpResponse<String> right = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/info")).header("Authorization", "bearer " + ADMIN_TOKEN));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portcullis\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(SENTINEL);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(right.body()).getString("mode")).isEqualTo("dev");
    assertThat(right.body()).doesNotContain(ADMIN_TOKEN);
  }

  @Test
  void metrics_count_requests_per_route_pattern_and_status() throws Exception {
    get("/health/live");
    get("/no/such/thing");

    String metrics = get("/metrics").body();

    assertThat(metrics).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"}");
    assertThat(metrics).contains("route=\"unmatched\",status=\"404\"");
    assertThat(metrics).contains("http_server_requests_seconds_bucket");
  }

  @Test
  void concurrent_requests_are_all_served_by_the_instances_sharing_the_port() {
    List<CompletableFuture<HttpResponse<String>>> responses = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()))
        .toList();

    assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
  }

  @Test
  void stop_lets_an_in_flight_request_finish_with_connection_close_and_then_refuses_new_connections() throws Exception {
    try (RawHttp inFlight = RawHttp.connect(server.port())) {
      inFlight.send("GET /test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

      server.stop();

      RawHttp.Response response = inFlight.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("slow done");
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(inFlight.awaitEnd(Duration.ofSeconds(2))).isEqualTo(RawHttp.End.CLOSED);
    }
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void stop_closes_an_idle_keep_alive_connection_with_an_orderly_close_not_a_reset() throws Exception {
    try (RawHttp idle = RawHttp.connect(server.port())) {
      RawHttp.Response before = idle.get("/health/live");
      assertThat(before.status()).isEqualTo(200);
      assertThat(before.header("Connection")).as("kept alive").isEmpty();

      server.stop();

      assertThat(idle.awaitEnd(Duration.ofSeconds(2))).isEqualTo(RawHttp.End.CLOSED);
    }
  }

  @Test
  void while_draining_the_server_still_serves_but_every_response_says_connection_close_and_the_connection_ends_after_it() throws Exception {
    try (RawHttp keptAlive = RawHttp.connect(server.port()); RawHttp held = RawHttp.connect(server.port())) {
      assertThat(keptAlive.get("/health/live").header("Connection")).isEmpty();
      held.send("GET /test/held HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(heldStarted.await(5, TimeUnit.SECONDS)).isTrue();

      server.beginDrain();

      RawHttp.Response onTheOldConnection = keptAlive.get("/health/live");
      assertThat(onTheOldConnection.status()).isEqualTo(200);
      assertThat(onTheOldConnection.header("Connection")).hasValue("close");
      assertThat(keptAlive.awaitEnd(Duration.ofSeconds(2))).isEqualTo(RawHttp.End.CLOSED);
      try (RawHttp fresh = RawHttp.connect(server.port())) {
        RawHttp.Response onANewConnection = fresh.get("/health/live");
        assertThat(onANewConnection.status()).as("new connections are still accepted").isEqualTo(200);
        assertThat(onANewConnection.header("Connection")).hasValue("close");
      }
      release.countDown();
      RawHttp.Response startedBeforeTheDrain = held.read();
      assertThat(startedBeforeTheDrain.body()).isEqualTo("held done");
      assertThat(startedBeforeTheDrain.header("Connection")).as("decided when the headers are written").hasValue("close");
      assertThat(held.awaitEnd(Duration.ofSeconds(2))).isEqualTo(RawHttp.End.CLOSED);
    }
  }

  @Test
  void a_request_still_running_when_the_grace_period_ends_is_cut_and_stop_returns() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024, Duration.ofMillis(500), 1);
    ConnectionDrain drain = new ConnectionDrain();
    RouteContributor held = routes -> routes.get("/test/held", ctx -> {
      heldStarted.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ctx.response().end("held done");
    });
    Vertx own = Vertx.vertx(); // a server of its own: servers on "any free port" of one Vert.x share that port
    PortcullisHttpServer shortGrace = new PortcullisHttpServer(own, new RouterFactory(Set.of(held), settings, registry, drain,
        new PeerAddresses(PeerAddresses.TrustedProxies.NONE), throttling(registry), console()), settings, drain);
    int port = shortGrace.start();
    try (RawHttp inFlight = RawHttp.connect(port)) {
      inFlight.send("GET /test/held HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(heldStarted.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();

      shortGrace.stop();

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(2_000));
      assertThat(inFlight.awaitEnd(Duration.ofSeconds(2))).isNotEqualTo(RawHttp.End.OPEN);
    } finally {
      release.countDown();
      own.close().await();
    }
  }

  @Test
  void a_request_past_the_deadline_is_503_with_retry_after_in_the_format_of_its_route_and_the_late_failure_is_dropped() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5), 1, Duration.ofMillis(400));
    ConnectionDrain drain = new ConnectionDrain();
    RouteContributor stuck = routes -> routes
        .get("/test/stuck", ctx -> {
          own(ctx).timer(1_000).await();
          throw new DependencyUnavailable("postgres", new ConnectException(SENTINEL)); // arrives after the deadline answered
        })
        .oauth(HttpMethod.POST, "/test/oauth-stuck", ctx -> {
          own(ctx).timer(1_000).await();
          ctx.response().end("too late");
        });
    Vertx own = Vertx.vertx();
    PortcullisHttpServer deadlined = new PortcullisHttpServer(own, new RouterFactory(Set.of(stuck), settings, registry, drain,
        new PeerAddresses(PeerAddresses.TrustedProxies.NONE), throttling(registry), console()), settings, drain);
    String at = "http://127.0.0.1:" + deadlined.start();
    try {
      long start = System.nanoTime();
      HttpResponse<String> rest = send(HttpRequest.newBuilder(URI.create(at + "/test/stuck")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      HttpResponse<String> oauth = send(HttpRequest.newBuilder(URI.create(at + "/test/oauth-stuck")).POST(HttpRequest.BodyPublishers.noBody()));

      assertThat(took).isBetween(Duration.ofMillis(350), Duration.ofMillis(950));
      assertThat(rest.statusCode()).isEqualTo(503);
      assertThat(rest.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(rest.body()).getJsonObject("error").getString("type")).isEqualTo("service_unavailable");
      assertThat(oauth.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(oauth.body()).getString("error")).isEqualTo("temporarily_unavailable");
      assertThat(oauth.body()).doesNotContain("too late");
      Thread.sleep(800); // the handlers finish behind the answers; the server stays healthy and answers the next request
      assertThat(send(HttpRequest.newBuilder(URI.create(at + "/test/nothing-here"))).statusCode()).isEqualTo(404);
    } finally {
      deadlined.stop();
      own.close().await();
    }
  }

  private static Vertx own(io.vertx.ext.web.RoutingContext ctx) {
    return ctx.vertx();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static dev.portcullis.adapter.http.console.ConsoleGateway console() {
    return new dev.portcullis.adapter.http.console.ConsoleGateway(new dev.portcullis.adapter.http.console.ConsoleSessions(java.time.InstantSource.system()));
  }
}
