package dev.portcullis.adapter.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SSRF attempts (issue 12, path 4) against a listener on loopback standing in for an internal service:
 * with the serve mode's policy it must receive no connection at all, whatever the URL says — a literal
 * address, a mapped IPv6 form, a name that resolves to loopback, a name that rebinds between lookups.
 */
class OutboundEgressTest {
  private static final String SENTINEL = "SSRF-SENTINEL-SECRET";
  private static Vertx vertx;
  private static HttpServer internal;
  private static final AtomicInteger connections = new AtomicInteger();
  private static Outbound served;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    internal = vertx.createHttpServer().connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(r -> r.response().putHeader("Content-Type", "application/json").end("{\"secret\":\"internal\"}")).listen(0, "127.0.0.1").await();
    served = new Outbound(vertx, new EgressRules(List.of(), true), new Outbound.Settings(Duration.ofSeconds(2), 4096, "test")); // http allowed: only the address decides
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    connections.set(0);
  }

  private static int port() {
    return internal.actualPort();
  }

  @Test
  void a_literal_loopback_or_metadata_address_is_refused_without_a_connection() {
    for (String url : List.of("http://127.0.0.1:" + port() + "/", "http://[::ffff:127.0.0.1]:" + port() + "/", "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:" + port() + "/", "http://localhost:" + port() + "/")) {
      Outbound.Result result = served.send(HttpMethod.GET, URI.create(url), Map.of(), null, Outbound.Trust.SUPPLIED);
      assertThat(result).as(url).isInstanceOfSatisfying(Outbound.Failed.class, failed -> assertThat(failed.refusedByPolicy()).isTrue());
    }
    assertThat(connections).as("the internal service saw nothing").hasValue(0);
  }

  @Test
  void a_name_that_resolves_to_loopback_is_refused_at_connect_time() {
    Outbound.Result result = served.send(HttpMethod.GET, URI.create("http://" + TestNames.INTERNAL + ":" + port() + "/"), Map.of(), null, Outbound.Trust.SUPPLIED);

    assertThat(result).isInstanceOfSatisfying(Outbound.Failed.class, failed -> assertThat(failed.detail()).contains("resolves to 127.0.0.1"));
    assertThat(connections).hasValue(0);
  }

  @Test
  void dns_rebinding_between_check_and_connect_never_reaches_the_internal_address() {
    // the check sees a public address; Vert.x's own resolver would say loopback: only pinning keeps the request off the internal service
    Vertx rebinding = Vertx.vertx(new io.vertx.core.VertxOptions().setAddressResolverOptions(new io.vertx.core.dns.AddressResolverOptions()
        .setHostsValue(io.vertx.core.buffer.Buffer.buffer("127.0.0.1 " + TestNames.REBINDING + "\n"))));
    try {
      Outbound outbound = new Outbound(rebinding, new EgressRules(List.of(), true), new Outbound.Settings(Duration.ofSeconds(2), 4096, "test"));

      outbound.send(HttpMethod.GET, URI.create("http://" + TestNames.REBINDING + ":" + port() + "/"), Map.of(), null, Outbound.Trust.SUPPLIED);
    } finally {
      rebinding.close().await();
    }

    assertThat(TestNames.rebindingLookups.get()).as("the policy looked the name up").isPositive();
    assertThat(connections).as("the checked address is the one connected to").hasValue(0);
  }

  @Test
  void without_pinning_the_rebinding_name_would_have_reached_the_internal_service() {
    Vertx rebinding = Vertx.vertx(new io.vertx.core.VertxOptions().setAddressResolverOptions(new io.vertx.core.dns.AddressResolverOptions()
        .setHostsValue(io.vertx.core.buffer.Buffer.buffer("127.0.0.1 " + TestNames.REBINDING + "\n"))));
    try {
      Outbound unpinned = new Outbound(rebinding, new EgressRules(List.of(), true), new Outbound.Settings(Duration.ofSeconds(2), 4096, "test"));

      Outbound.Result result = unpinned.send(HttpMethod.GET, URI.create("http://" + TestNames.REBINDING + ":" + port() + "/"), Map.of(), null,
          Outbound.Trust.CONFIGURED); // what an unchecked client does: let the connector resolve

      assertThat(result).as("the control: the attack is real without the pin").isInstanceOf(Outbound.Answered.class);
      assertThat(connections).hasValue(1);
    } finally {
      rebinding.close().await();
    }
  }

  @Test
  void the_operator_allow_list_and_configured_peers_do_reach_internal_addresses() {
    Outbound allowed = new Outbound(vertx, new EgressRules(List.of("127.0.0.1"), true), new Outbound.Settings(Duration.ofSeconds(2), 4096, "test"));

    Outbound.Result supplied = allowed.send(HttpMethod.GET, URI.create("http://127.0.0.1:" + port() + "/"), Map.of(), null, Outbound.Trust.SUPPLIED);
    Outbound.Result configured = served.send(HttpMethod.GET, URI.create("http://127.0.0.1:" + port() + "/"), Map.of(), null, Outbound.Trust.CONFIGURED);

    assertThat(supplied).isInstanceOf(Outbound.Answered.class);
    assertThat(configured).as("the operator's own endpoints are trusted as configured").isInstanceOf(Outbound.Answered.class);
  }

  @Test
  void a_provider_url_refused_by_the_policy_tells_the_caller_nothing_but_unreachable() {
    WebClientProviderHttp http = new WebClientProviderHttp(served);

    ProviderExchange.Answer answer = http.postForm(URI.create("http://127.0.0.1:" + port() + "/token"), Map.of("client_secret", SENTINEL), Optional.empty());

    assertThat(answer).isEqualTo(new ProviderExchange.Failed("unreachable"));
    assertThat(connections).hasValue(0);
  }
}
