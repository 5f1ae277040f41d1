package dev.portcullis.bootstrap.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4 client credentials with client secrets, RFC 9068 access tokens, and those tokens on the secrets API. */
class ClientCredentialsTest {
  private static final String ADMIN = "client-credentials-admin-token-0123456789";
  private static DevServer server;

  @BeforeAll
  static void start() {
    server = DevServer.start(ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject registerClient(String method, String scope, String tenant, String... grantTypes) throws Exception {
    JsonObject metadata = new JsonObject().put("grant_types", new JsonArray(java.util.List.of(grantTypes))).put("token_endpoint_auth_method", method)
        .put("scope", scope).put("tenant", tenant);
    if (java.util.List.of(grantTypes).contains("authorization_code")) {
      metadata.put("redirect_uris", new JsonArray().add("https://app.example.com/cb"));
    }
    HttpResponse<String> response = server.send("POST", "/oauth/register", ADMIN, metadata.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> token(String form, String basicId, String basicSecret) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/oauth/token"))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (basicId != null) {
      String pair = URLEncoder.encode(basicId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(basicSecret, StandardCharsets.UTF_8);
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return server.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> withBearer(String method, String path, String token, String body) {
    return server.send(method, path, token, body);
  }

  private static String error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getString("error");
  }

  @Test
  void decision_metrics_count_tokens_by_grant_type_and_refusals_by_reason_with_no_client_token_or_made_up_value_as_a_label() throws Exception {
    JsonObject client = registerClient("client_secret_basic", "secrets:read", "acme", "client_credentials");
    String secret = client.getString("client_secret");
    String issued = new JsonObject(token("grant_type=client_credentials", client.getString("client_id"), secret).body()).getString("access_token");
    token("grant_type=client_credentials", client.getString("client_id"), secret + "-wrong");
    token("grant_type=urn%3Aattacker%3ASENTINEL-GRANT-5150", client.getString("client_id"), secret);
    server.send("GET", "/v1/tenants/acme/audit/verify", ADMIN, null);

    String metrics = server.send("GET", "/metrics", null, null).body();

    assertThat(metrics).contains("portcullis_token_requests_seconds_count{grant_type=\"client_credentials\",outcome=\"issued\"}")
        .contains("portcullis_token_requests_seconds_count{grant_type=\"client_credentials\",outcome=\"invalid_client\"}")
        .contains("portcullis_token_requests_seconds_count{grant_type=\"other\",outcome=\"unsupported_grant_type\"}")
        .contains("portcullis_audit_appends_total{action=\"client.authenticate\",outcome=\"denied\"}")
        .contains("portcullis_audit_verifications_total{result=\"intact\"}");
    assertThat(metrics).doesNotContain("SENTINEL-GRANT").doesNotContain(client.getString("client_id")).doesNotContain(secret).doesNotContain(issued);
  }

  @Test
  void rfc6749_4_4_client_secret_basic_gets_an_rfc9068_access_token_that_verifies_against_the_jwks() throws Exception {
    JsonObject client = registerClient("client_secret_basic", "secrets:read secrets:write", "acme", "client_credentials");

    HttpResponse<String> response = token("grant_type=client_credentials&scope=secrets%3Aread", client.getString("client_id"), client.getString("client_secret"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getInteger("expires_in")).isEqualTo(300);
    assertThat(body.getString("scope")).isEqualTo("secrets:read");
    JwtConsumer consumer = new JwtConsumerBuilder()
        .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(server.url("/oauth/jwks")))) // fetched over HTTP, like any verifier
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
        .setExpectedIssuer(server.issuer()).setExpectedAudience(server.issuer()).setRequireExpirationTime().setRequireJwtId()
        .setExpectedType(true, "at+jwt").build();
    JwtClaims claims = consumer.processToClaims(body.getString("access_token"));
    assertThat(claims.getSubject()).isEqualTo(client.getString("client_id"));
    assertThat(claims.getStringClaimValue("client_id")).isEqualTo(client.getString("client_id"));
    assertThat(claims.getStringClaimValue("tenant")).isEqualTo("acme");
    assertThat(claims.getStringClaimValue("scope")).isEqualTo("secrets:read");
  }

  @Test
  void rfc6749_2_3_1_client_secret_post_works_and_the_registered_method_is_enforced() throws Exception {
    JsonObject post = registerClient("client_secret_post", "secrets:read", "acme", "client_credentials");
    JsonObject basic = registerClient("client_secret_basic", "secrets:read", "acme", "client_credentials");
    String postForm = "grant_type=client_credentials&client_id=" + post.getString("client_id") + "&client_secret=" + URLEncoder.encode(post.getString("client_secret"), StandardCharsets.UTF_8);

    HttpResponse<String> viaPost = token(postForm, null, null);
    HttpResponse<String> basicClientViaPost = token("grant_type=client_credentials&client_id=" + basic.getString("client_id")
        + "&client_secret=" + URLEncoder.encode(basic.getString("client_secret"), StandardCharsets.UTF_8), null, null);
    HttpResponse<String> both = token(postForm, post.getString("client_id"), post.getString("client_secret"));

    assertThat(viaPost.statusCode()).isEqualTo(200);
    assertThat(basicClientViaPost.statusCode()).isEqualTo(401);
    assertThat(error(basicClientViaPost)).isEqualTo("invalid_client");
    assertThat(error(both)).isEqualTo("invalid_request");
  }

  @Test
  void rfc6749_5_2_errors_for_bad_clients_grants_and_scopes() throws Exception {
    JsonObject client = registerClient("client_secret_basic", "secrets:read", "acme", "client_credentials");
    JsonObject codeOnly = registerClient("client_secret_basic", "secrets:read", "acme", "authorization_code");
    String id = client.getString("client_id");
    String secret = client.getString("client_secret");

    HttpResponse<String> wrongSecret = token("grant_type=client_credentials", id, secret + "x");
    HttpResponse<String> unknownClient = token("grant_type=client_credentials", "nobody", secret);
    HttpResponse<String> noAuth = token("grant_type=client_credentials", null, null);
    HttpResponse<String> password = token("grant_type=password&username=a&password=b", id, secret);
    HttpResponse<String> noGrant = token("scope=secrets%3Aread", id, secret);
    HttpResponse<String> repeated = token("grant_type=client_credentials&grant_type=client_credentials", id, secret);
    HttpResponse<String> tooMuchScope = token("grant_type=client_credentials&scope=secrets%3Awrite", id, secret);
    HttpResponse<String> notRegisteredForGrant = token("grant_type=client_credentials", codeOnly.getString("client_id"), codeOnly.getString("client_secret"));
    HttpResponse<String> json = server.http().send(HttpRequest.newBuilder(URI.create(server.url("/oauth/token"))).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(error(wrongSecret)).isEqualTo("invalid_client");
    assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");
    assertThat(unknownClient.body()).isEqualTo(wrongSecret.body()).as("the same answer for every authentication failure");
    assertThat(error(noAuth)).isEqualTo("invalid_client");
    assertThat(error(password)).isEqualTo("unsupported_grant_type");
    assertThat(error(noGrant)).isEqualTo("invalid_request");
    assertThat(error(repeated)).isEqualTo("invalid_request");
    assertThat(error(tooMuchScope)).isEqualTo("invalid_scope");
    assertThat(error(notRegisteredForGrant)).isEqualTo("unauthorized_client");
    assertThat(error(json)).isEqualTo("invalid_request");
    assertThat(wrongSecret.body() + noAuth.body()).doesNotContain(secret);
  }

  @Test
  void rfc6749_2_3_1_malformed_percent_encoding_in_basic_credentials_is_401_invalid_client_without_the_decoders_message() throws Exception {
    JsonObject client = registerClient("client_secret_basic", "secrets:read", "acme", "client_credentials");
    String id = client.getString("client_id");
    String[] pairs = {"a%zz:b", id + ":%E0%A4%A", id + ":s3cr%", "%:x", id + ":%G1-sentinel"};

    for (String endpoint : new String[] {"/oauth/token", "/oauth/introspect", "/oauth/revoke"}) {
      for (String pair : pairs) {
        HttpResponse<String> response = server.http().send(HttpRequest.newBuilder(URI.create(server.url(endpoint)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&token=some-token")).build(), HttpResponse.BodyHandlers.ofString());

        String what = endpoint + " with Basic " + pair;
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Basic realm=\"portcullis\"");
        assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        assertThat(new JsonObject(response.body())).as(what)
            .isEqualTo(new JsonObject().put("error", "invalid_client").put("error_description", "the Basic credentials are malformed"));
        assertThat(response.body()).as(what).doesNotContain("URLDecoder", "escape", "pattern", "zz", "E0", "s3cr", "sentinel");
      }
    }
  }

  @Test
  void an_access_token_reads_and_writes_secrets_of_its_own_tenant_within_its_scopes_only() throws Exception {
    JsonObject reader = registerClient("client_secret_basic", "secrets:read", "team-a", "client_credentials");
    JsonObject writer = registerClient("client_secret_basic", "secrets:read secrets:write", "team-a", "client_credentials");
    String readToken = new JsonObject(token("grant_type=client_credentials", reader.getString("client_id"), reader.getString("client_secret")).body()).getString("access_token");
    String writeToken = new JsonObject(token("grant_type=client_credentials", writer.getString("client_id"), writer.getString("client_secret")).body()).getString("access_token");

    HttpResponse<String> written = withBearer("PUT", "/v1/tenants/team-a/secrets/db", writeToken, "{\"value\":\"hunter2\"}");
    HttpResponse<String> read = withBearer("GET", "/v1/tenants/team-a/secrets/db", readToken, null);
    HttpResponse<String> readerWrites = withBearer("PUT", "/v1/tenants/team-a/secrets/db", readToken, "{\"value\":\"nope\"}");
    HttpResponse<String> otherTenant = withBearer("GET", "/v1/tenants/team-b/secrets/db", readToken, null);
    HttpResponse<String> admin = withBearer("POST", "/v1/admin/root-key/rotate", writeToken, null);
    int inSignature = readToken.length() - 10; // a character every bit of which is signature (the last one holds padding bits a decoder may ignore)
    String flipped = readToken.substring(0, inSignature) + (readToken.charAt(inSignature) == 'A' ? 'B' : 'A') + readToken.substring(inSignature + 1);
    HttpResponse<String> tampered = withBearer("GET", "/v1/tenants/team-a/secrets/db", flipped, null);
    HttpResponse<String> audit = withBearer("GET", "/v1/tenants/team-a/audit?action=secret.write", ADMIN, null);

    assertThat(written.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(read.body()).getString("value")).isEqualTo("hunter2");
    assertThat(readerWrites.statusCode()).isEqualTo(403);
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(admin.statusCode()).isEqualTo(403);
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(audit.body()).getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("outcome") + "/" + ((JsonObject) o).getString("actor")))
        .containsExactlyInAnyOrder("denied/client:" + reader.getString("client_id"), "success/client:" + writer.getString("client_id"));
  }
}
