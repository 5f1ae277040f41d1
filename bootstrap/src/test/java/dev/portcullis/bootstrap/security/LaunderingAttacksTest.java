package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token laundering (issue 12, path 3): forward auth must not turn a token into a fresh one that
 * Portcullis accepts, can re-mint, or that survives revocation of what it came from. Every token says
 * what it is ({@code token_use}); derived tokens carry their parent's {@code jti} and expire with it.
 */
class LaunderingAttacksTest {
  private static final String ADMIN = "laundering-attacks-admin-token-0123456789";
  private static final String SECRET = "/v1/tenants/clinic/secrets/db-password";
  private static DevServer server;
  private static Credentials credentials;
  private static Credentials.Client gateway;

  @BeforeAll
  static void start() {
    // client tokens live 60 s, forward-auth tokens would live 300 s: derived ones must still end with their parent
    server = DevServer.start(ADMIN, "PORTCULLIS_ACCESS_TOKEN_TTL_SECONDS", "60", "PORTCULLIS_FORWARD_AUTH_TOKEN_TTL_SECONDS", "300");
    credentials = new Credentials(server, ADMIN);
    gateway = credentials.client("clinic", "introspect");
    assertThat(server.send("PUT", SECRET, ADMIN, "{\"value\":\"laundering-sentinel\"}", "Content-Type", "application/json").statusCode()).isIn(200, 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> verify(String bearer) {
    return server.send("GET", "/v1/auth/verify", bearer, null);
  }

  private static String forwarded(String parent) {
    HttpResponse<String> verified = verify(parent);
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    return verified.headers().firstValue("Authorization").orElseThrow().substring("Bearer ".length());
  }

  private static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static boolean active(String token) {
    HttpResponse<String> response = credentials.basic("/oauth/introspect", "token=" + Credentials.enc(token), gateway.id(), gateway.secret());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getBoolean("active");
  }

  @Test
  void a_forwarded_token_is_for_the_upstream_and_portcullis_own_api_refuses_it() {
    String parent = credentials.token(credentials.client("clinic", "secrets:read"));

    String minted = forwarded(parent);

    assertThat(claims(minted).getString("aud")).isEqualTo("urn:portcullis:upstream").isNotEqualTo(server.issuer());
    assertThat(claims(minted).getString("token_use")).isEqualTo("forwarded");
    assertThat(claims(minted).getString("parent_jti")).isEqualTo(claims(parent).getString("jti"));
    assertThat(server.send("GET", SECRET, parent, null).statusCode()).isEqualTo(200);
    assertThat(server.send("GET", SECRET, minted, null).statusCode()).isEqualTo(401);
  }

  @Test
  void a_forwarded_token_cannot_be_reminted_by_forward_auth() {
    String minted = forwarded(credentials.token(credentials.client("clinic", "orders:read")));

    HttpResponse<String> again = verify(minted);

    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().firstValue("Authorization")).isEmpty();
  }

  @Test
  void a_forwarded_token_never_outlives_its_parent() {
    String parent = credentials.token(credentials.client("clinic", "orders:read"));

    String minted = forwarded(parent);

    assertThat(claims(minted).getLong("exp")).isLessThanOrEqualTo(claims(parent).getLong("exp"));
    assertThat(claims(minted).getLong("exp")).isLessThanOrEqualTo(claims(minted).getLong("iat") + 60);
  }

  @Test
  void revoking_the_parent_reaches_every_token_derived_from_it() {
    Credentials.Client app = credentials.client("clinic", "orders:read");
    String parent = credentials.token(app);
    String minted = forwarded(parent);
    assertThat(active(minted)).isTrue();

    HttpResponse<String> revoked = credentials.basic("/oauth/revoke", "token=" + Credentials.enc(parent), app.id(), app.secret());

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(active(parent)).isFalse();
    assertThat(active(minted)).isFalse();
    assertThat(verify(parent).statusCode()).isEqualTo(401);
  }

  @Test
  void deleting_a_client_ends_its_tokens_and_what_was_derived_from_them() {
    Credentials.Client app = credentials.client("clinic", "secrets:read");
    String parent = credentials.token(app);
    String minted = forwarded(parent);

    HttpResponse<String> deleted = server.send("DELETE", "/oauth/register/" + app.id(), app.registrationToken(), null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(server.send("GET", SECRET, parent, null).statusCode()).isEqualTo(401);
    assertThat(verify(parent).statusCode()).isEqualTo(401);
    assertThat(active(parent)).isFalse();
    assertThat(active(minted)).isFalse();
  }

  @Test
  void revoking_an_api_key_ends_the_tokens_minted_for_it() {
    String key = Credentials.json(credentials.createKey(ADMIN, "clinic", List.of("secrets:read"))).getString("key");
    String id = key.split("_")[1];
    String exchanged = Credentials.json(credentials.exchange(key)).getString("access_token");
    HttpResponse<String> viaKey = server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", key);
    String minted = viaKey.headers().firstValue("Authorization").orElseThrow().substring("Bearer ".length());
    assertThat(claims(exchanged).getString("token_use")).isEqualTo("exchanged");
    assertThat(claims(minted).getString("token_use")).isEqualTo("forwarded");
    assertThat(server.send("GET", SECRET, exchanged, null).statusCode()).isEqualTo(200);
    assertThat(server.send("GET", SECRET, minted, null).statusCode()).isEqualTo(401);

    assertThat(server.send("DELETE", "/v1/tenants/clinic/api-keys/" + id, ADMIN, null).statusCode()).isEqualTo(200);

    assertThat(server.send("GET", SECRET, exchanged, null).statusCode()).isEqualTo(401);
    assertThat(verify(exchanged).statusCode()).isEqualTo(401);
    assertThat(active(exchanged)).isFalse();
    assertThat(active(minted)).isFalse();
  }
}
