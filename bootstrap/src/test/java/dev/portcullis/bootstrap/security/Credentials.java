package dev.portcullis.bootstrap.security;

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
import java.util.List;

/**
 * Test fixture for the attack suites: registers clients, obtains their tokens, creates and exchanges
 * API keys — every step through the real HTTP API of {@code server}, as a caller would.
 */
final class Credentials {
  private final DevServer server;
  private final String admin;

  Credentials(DevServer server, String admin) {
    this.server = server;
    this.admin = admin;
  }

  /** A registered client: its id, secret (secret-based methods) and registration access token. */
  record Client(String id, String secret, String registrationToken, JsonObject registration) {}

  /** A confidential client_credentials client of {@code tenant} registered by the admin with {@code scope}. */
  Client client(String tenant, String scope) {
    return register(new JsonObject().put("grant_types", new JsonArray().add("client_credentials")).put("token_endpoint_auth_method", "client_secret_basic")
        .put("scope", scope).put("tenant", tenant));
  }

  Client register(JsonObject metadata) {
    HttpResponse<String> response = server.send("POST", "/oauth/register", admin, metadata.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonObject body = new JsonObject(response.body());
    return new Client(body.getString("client_id"), body.getString("client_secret"), body.getString("registration_access_token"), body);
  }

  /** An access token of {@code client} (client_credentials, its whole registered scope). */
  String token(Client client) {
    HttpResponse<String> response = tokenRequest("grant_type=client_credentials", client);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  HttpResponse<String> tokenRequest(String form, Client client) {
    return basic("/oauth/token", form, client.id(), client.secret());
  }

  HttpResponse<String> basic(String path, String form, String id, String secret) {
    String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return form(path, form, "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  HttpResponse<String> form(String path, String form, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return server.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST an API key for {@code tenant} with {@code scopes}, as {@code bearer}. */
  HttpResponse<String> createKey(String bearer, String tenant, List<String> scopes) {
    JsonObject body = new JsonObject().put("name", "k").put("scopes", new JsonArray(scopes)).put("identity", new JsonObject().put("subject", "script"));
    return server.send("POST", "/v1/tenants/" + tenant + "/api-keys", bearer, body.encode(), "Content-Type", "application/json");
  }

  /** RFC 8693: the API key exchanged for a JWT at the token endpoint. */
  HttpResponse<String> exchange(String apiKey) {
    return form("/oauth/token", "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token=" + enc(apiKey)
        + "&subject_token_type=" + enc("urn:portcullis:params:oauth:token-type:api_key"));
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
