package dev.portcullis.adapter.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.webclient.ProviderExchange.Answer;
import dev.portcullis.adapter.webclient.ProviderExchange.Answered;
import dev.portcullis.adapter.webclient.ProviderExchange.Failed;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider transport against a real HTTP server that answers each path its own way. */
@SuppressWarnings("unchecked")
class WebClientProviderHttpTest {
  private static final String SENTINEL = "SENTINEL-SECRET-4711";
  private static final Map<String, Consumer<HttpServerRequest>> routes = new ConcurrentHashMap<>();
  private static final Map<String, String> received = new ConcurrentHashMap<>();
  private static Vertx vertx;
  private static HttpServer server;
  private static WebClientProviderHttp http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(request -> {
      request.body().onSuccess(body -> {
        received.put(request.path(), body.toString() + "|" + request.getHeader("Authorization") + "|" + request.getHeader("Content-Type"));
        routes.getOrDefault(request.path(), r -> r.response().setStatusCode(404).end()).accept(request);
      });
    }).listen(0, "127.0.0.1").await();
    http = new WebClientProviderHttp(new Outbound(vertx, EgressRules.forDevelopment(), new Outbound.Settings(Duration.ofMillis(800), 4096, "portcullis-test")));
    routes.put("/json", r -> r.response().putHeader("Content-Type", "application/json")
        .end("{\"access_token\":\"at\",\"expires_in\":3600,\"nested\":{\"list\":[1,\"two\",null]},\"refresh_token\":null}"));
    routes.put("/form", r -> r.response().putHeader("Content-Type", "application/x-www-form-urlencoded").end("access_token=a%2Bb&scope=repo+user"));
    routes.put("/html", r -> r.response().putHeader("Content-Type", "text/html").end("<html>hello</html>"));
    routes.put("/busy", r -> r.response().setStatusCode(503).putHeader("Retry-After", "7").end());
    routes.put("/busy-date", r -> r.response().setStatusCode(503).putHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT").end());
    routes.put("/redirect", r -> r.response().setStatusCode(302).putHeader("Location", "http://127.0.0.1:1/elsewhere").end());
    routes.put("/hang", r -> { });
    routes.put("/reset", r -> r.connection().close());
    routes.put("/large", r -> r.response().end("{\"x\":\"" + "a".repeat(10_000) + "\"}"));
    routes.put("/echo", r -> r.response().putHeader("Content-Type", "application/json").end("{}"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  @Test
  void a_json_object_arrives_as_plain_maps_lists_numbers_and_nulls() {
    Answered answer = (Answered) http.get(url("/json"));

    assertThat(answer.status()).isEqualTo(200);
    Map<String, Object> json = answer.json().orElseThrow();
    assertThat(json).containsEntry("access_token", "at").containsKey("refresh_token");
    assertThat(json.get("refresh_token")).isNull();
    assertThat(((Number) json.get("expires_in")).intValue()).isEqualTo(3600);
    assertThat(json.get("nested")).isInstanceOf(Map.class);
    assertThat((List<Object>) ((Map<?, ?>) json.get("nested")).get("list")).hasSize(3).contains("two");
  }

  @Test
  void a_form_encoded_answer_is_parsed_and_html_is_not_json() {
    assertThat(((Answered) http.get(url("/form"))).json().orElseThrow()).containsEntry("access_token", "a+b").containsEntry("scope", "repo user");
    Answered html = (Answered) http.get(url("/html"));
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.json()).isEmpty();
  }

  @Test
  void retry_after_in_seconds_or_as_an_http_date() {
    assertThat(((Answered) http.get(url("/busy"))).retryAfter()).hasValue(Duration.ofSeconds(7));
    assertThat(((Answered) http.get(url("/busy-date"))).retryAfter()).as("a date in the past: retry now").hasValue(Duration.ZERO);
  }

  @Test
  void redirects_are_returned_not_followed() {
    assertThat(((Answered) http.get(url("/redirect"))).status()).isEqualTo(302);
  }

  @Test
  void no_answer_is_one_generic_failure_and_never_an_exception() throws Exception {
    long started = System.nanoTime();
    Answer hang = http.get(url("/hang?token=" + SENTINEL));
    assertThat(hang).isInstanceOf(Failed.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Answer refused = http.postForm(URI.create("http://127.0.0.1:" + closed + "/token"), Map.of("client_secret", SENTINEL), Optional.empty());
    assertThat(refused).isInstanceOf(Failed.class);
    assertThat(http.get(url("/reset"))).isInstanceOf(Failed.class);
    Answer large = http.get(url("/large"));
    assertThat(large).isInstanceOf(Failed.class);
    for (Answer failed : List.of(hang, refused, large)) {
      assertThat(((Failed) failed).reason()).isEqualTo("unreachable");
    }
  }

  @Test
  void rfc6749_appendix_b_the_form_is_encoded_and_basic_credentials_are_sent() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", "a b+c&d=é");

    http.postForm(url("/echo"), form, Optional.of("dXNlcjpwYXNz"));

    String[] seen = received.get("/echo").split("\\|");
    assertThat(seen[0]).isEqualTo("grant_type=client_credentials&scope=a+b%2Bc%26d%3D%C3%A9");
    assertThat(seen[1]).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(seen[2]).isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void fifty_parallel_calls_from_virtual_threads_all_complete() throws Exception {
    List<Future<Answer>> calls = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        calls.add(pool.submit(() -> http.get(url("/json"))));
      }
      for (Future<Answer> call : calls) {
        assertThat(call.get()).isInstanceOf(Answered.class);
      }
    }
  }
}
