package dev.portcullis.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.connection.port.in.CompleteConnectionCallback.CallbackOutcome;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.IssueConnectionToken.AccessToken;
import dev.portcullis.application.connection.port.in.RegisterProvider.ProviderRequest;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbound token vault in-process against a real OpenID provider (../shared/upstream-idp) and a real Postgres. */
class EmbeddedTokenVaultIT {
  private static final TenantId ACME = new TenantId("acme");
  private static final URI CALLBACK = URI.create("http://127.0.0.1:1/product/oauth/callback");
  private static final String RETURN = "http://127.0.0.1:1/product/settings";
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  /** The product's integration code: may connect and obtain tokens, nothing else. */
  private static final RequestContext APP = new RequestContext(
      new Principal.Client("crm-sync", ACME, Set.of("providers:write", "connections:write", "connections:token")), "", "");
  /** The vaults' clock runs this far ahead of the provider's: moving it brings a stored token into its refresh window. */
  private static final java.util.concurrent.atomic.AtomicReference<java.time.Duration> AHEAD = new java.util.concurrent.atomic.AtomicReference<>(java.time.Duration.ZERO);
  private static UpstreamIdp idp;
  private static EmbeddedVaults vaults;
  private static String providerId;

  @BeforeAll
  static void start() {
    idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", CALLBACK.toString(), "UPSTREAM_ACCESS_TOKEN_TTL", "300"));
    vaults = EmbeddedVaults.builder().postgres(TestPostgres.get().freshDatabase("embedded_tokens").url()).rootKey(EmbeddedVaults.generateRootKey())
        .connectCallback(CALLBACK).allowEgress("127.0.0.1").allowPlainHttp(true)
        .clock(() -> java.time.Instant.now().plus(AHEAD.get())).start();
    // tokens live 300 s and are refreshed with less than 200 s left: a fresh one is not, one 150 s older is
    ConnectionOutcome<Provider> created = vaults.tokens().registerProvider().create(APP, ACME,
        ProviderRequest.discovered("upstream", idp.issuer(), "broker", SecretBytes.ofUtf8("broker-secret"), List.of("openid", "offline_access"),
            List.of(RETURN)).withRefreshBufferSeconds(200));
    assertThat(created).as(created.toString()).isInstanceOf(ConnectionOutcome.Ok.class);
    providerId = ((ConnectionOutcome.Ok<Provider>) created).value().id();
  }

  @AfterAll
  static void stop() {
    if (vaults != null) {
      vaults.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  /** What the product's pages do: send the browser to the provider, and hand what comes back to the vault. */
  private static String connect() throws Exception {
    ConnectionOutcome<StartConnection.Authorization> started = vaults.tokens().startConnection().start(APP, ACME, providerId,
        new StartConnection.AuthorizeRequest(URI.create(RETURN), Optional.empty(), Optional.of("bob"), Optional.empty()));
    assertThat(started).as(started.toString()).isInstanceOf(ConnectionOutcome.Ok.class);
    StartConnection.Authorization authorization = ((ConnectionOutcome.Ok<StartConnection.Authorization>) started).value();
    assertThat(query(authorization.authorizationUrl().toString())).containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", CALLBACK.toString());
    HttpResponse<String> atProvider = BROWSER.send(HttpRequest.newBuilder(authorization.authorizationUrl()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(atProvider.statusCode()).as(atProvider.body()).isIn(302, 303);
    String backAtProduct = atProvider.headers().firstValue("Location").orElseThrow();
    assertThat(backAtProduct).startsWith(CALLBACK.toString());
    Map<String, String> callback = query(backAtProduct);
    CallbackOutcome outcome = vaults.tokens().completeConnection().complete(callback.get("state"), Optional.ofNullable(callback.get("code")),
        Optional.ofNullable(callback.get("error")), Optional.ofNullable(callback.get("error_description")));
    assertThat(outcome).isInstanceOf(CallbackOutcome.Redirect.class);
    Map<String, String> result = query(((CallbackOutcome.Redirect) outcome).location().toString());
    assertThat(result).doesNotContainKey("error").containsKey("connection_id");
    return result.get("connection_id");
  }

  @Test
  void authorization_code_connects_and_racing_callers_share_one_refresh() throws Exception {
    String connectionId = connect();
    AccessToken first = token(connectionId);
    assertThat(first.accessToken()).isNotBlank();
    assertThat(first.toString()).doesNotContain(first.accessToken());

    assertThat(token(connectionId).accessToken()).as("fresh: handed out as stored").isEqualTo(first.accessToken());
    AHEAD.accumulateAndGet(java.time.Duration.ofSeconds(150), java.time.Duration::plus);
    int before = upstreamTokenRequests();
    int callers = 8;
    CyclicBarrier start = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit((Callable<AccessToken>) () -> {
          start.await();
          return token(connectionId);
        }));
      }
      Set<String> tokens = new HashSet<>();
      for (Future<AccessToken> result : results) {
        tokens.add(result.get().accessToken());
      }
      // the provider rotates refresh tokens and revokes the grant when one is reused: a second concurrent refresh would have failed a caller
      assertThat(tokens).as("one refresh served every racing caller").hasSize(1).doesNotContain(first.accessToken());
      assertThat(token(connectionId).accessToken()).as("the refreshed token is stored and handed out").isEqualTo(tokens.iterator().next());
      assertThat(upstreamTokenRequests() - before).as("refreshes at the provider").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_caller_without_the_token_permission_gets_no_token_and_another_tenant_none_either() throws Exception {
    String connectionId = connect();
    RequestContext readOnly = new RequestContext(new Principal.Client("crm-dashboard", ACME, Set.of("connections:read")), "", "");
    assertThat(vaults.tokens().token().issue(readOnly, ACME, connectionId)).isInstanceOf(ConnectionOutcome.Denied.class);
    RequestContext otherTenant = new RequestContext(new Principal.Client("intruder", new TenantId("globex"), Set.of("connections:token")), "", "");
    assertThat(vaults.tokens().token().issue(otherTenant, ACME, connectionId)).isInstanceOf(ConnectionOutcome.Denied.class);
    assertThat(vaults.tokens().token().issue(otherTenant, new TenantId("globex"), connectionId)).isInstanceOf(ConnectionOutcome.NotFound.class);
  }

  @Test
  void the_egress_policy_keeps_the_vault_from_fetching_an_internal_address() {
    ConnectionOutcome<Provider> metadata = vaults.tokens().registerProvider().create(APP, ACME,
        ProviderRequest.discovered("metadata", "http://169.254.169.254/latest", "x", SecretBytes.ofUtf8("y"), List.of("openid"), List.of(RETURN)));
    assertThat(metadata).isNotInstanceOf(ConnectionOutcome.Ok.class);
    assertThat(metadata.toString()).containsIgnoringCase("not allowed");
  }

  private static AccessToken token(String connectionId) {
    ConnectionOutcome<AccessToken> outcome = vaults.tokens().token().issue(APP, ACME, connectionId);
    assertThat(outcome).as(outcome.toString()).isInstanceOf(ConnectionOutcome.Ok.class);
    return ((ConnectionOutcome.Ok<AccessToken>) outcome).value();
  }

  private static int upstreamTokenRequests() {
    JsonObject state = new JsonObject(idp.state());
    JsonObject counts = state.getJsonObject("requests", state.getJsonObject("counts", new JsonObject()));
    return counts.getValue("token") instanceof Number n ? n.intValue() : 0;
  }

  private static Map<String, String> query(String location) {
    return dev.portcullis.testsupport.QueryString.of(location);
  }
}
