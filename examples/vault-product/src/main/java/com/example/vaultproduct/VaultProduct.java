package com.example.vaultproduct;

import dev.portcullis.application.connection.port.in.CompleteConnectionCallback.CallbackOutcome;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.IssueConnectionToken.AccessToken;
import dev.portcullis.application.connection.port.in.RegisterProvider.ProviderRequest;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.embedded.EmbeddedVaults;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A product that keeps its own secrets and its users' third-party tokens in Portcullis's vaults,
 * in-process: it stores and reads a secret, then connects to an OpenID provider with the
 * authorization code flow and obtains a provider access token.
 *
 * <pre>
 * java com.example.vaultproduct.VaultProduct &lt;postgres-url&gt; &lt;root-key&gt; &lt;provider-issuer&gt; &lt;client-id&gt; &lt;client-secret&gt;
 * </pre>
 */
public final class VaultProduct {
  /** Where the product's own web server would take the provider's redirect back (registered with the provider). */
  static final URI CALLBACK = URI.create("http://127.0.0.1:8089/integrations/callback");
  static final String SETTINGS_PAGE = "http://127.0.0.1:8089/settings/integrations";
  private static final TenantId TENANT = new TenantId("example-customer");

  private VaultProduct() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: VaultProduct <postgres-url> <root-key> <provider-issuer> <client-id> <client-secret>");
      System.exit(2);
    }
    System.exit(run(args[0], SecretBytes.ofUtf8(args[1]), args[2], args[3], SecretBytes.ofUtf8(args[4]), System.out));
  }

  /** Runs the example; 0 when the secret came back intact and a provider token was obtained. */
  public static int run(String postgresUrl, SecretBytes rootKey, String issuer, String clientId, SecretBytes clientSecret, PrintStream out)
      throws IOException, InterruptedException {
    // The product's own service identity inside the vault: bounded to its tenant and to what it needs.
    RequestContext product = new RequestContext(new Principal.Client("vault-product", TENANT,
        Set.of("secrets:read", "secrets:write", "providers:write", "connections:write", "connections:token")), "startup", "in-process");
    try (EmbeddedVaults vaults = EmbeddedVaults.builder()
        .postgres(postgresUrl)
        .rootKey(rootKey)
        .connectCallback(CALLBACK)
        .allowEgress(URI.create(issuer).getHost()) // the provider here is on a private address; public providers need no entry
        .allowPlainHttp(issuer.startsWith("http://"))
        .start()) {

      // 1. a secret: stored sealed, read back, every step in the audit chain
      SecretName name = new SecretName("payments/webhook-signing-key");
      SecretOutcome<?> saved = vaults.secrets().save().save(product, new SaveSecret.Save(TENANT, name, SecretBytes.ofUtf8("whsec_example_value"),
          "signs our payment webhooks", Set.of("payments"), "vault-product", OptionalInt.empty()));
      if (!(saved instanceof SecretOutcome.Ok<?>)) {
        out.println("saving the secret failed: " + saved);
        return 1;
      }
      SecretOutcome<RevealedSecret> read = vaults.secrets().read().read(product, TENANT, name, OptionalInt.empty());
      boolean intact = read instanceof SecretOutcome.Ok<RevealedSecret> ok && ok.value().value().revealUtf8().equals("whsec_example_value");
      out.println("secret " + name.value() + ": stored and read back " + (intact ? "intact" : "CHANGED"));

      // 2. a provider, found by discovery, and a connection through the user's browser
      ConnectionOutcome<Provider> registered = vaults.tokens().registerProvider().create(product, TENANT,
          ProviderRequest.discovered("identity-provider", issuer, clientId, clientSecret, List.of("openid", "email", "offline_access"),
              List.of(SETTINGS_PAGE)));
      if (!(registered instanceof ConnectionOutcome.Ok<Provider> provider)) {
        out.println("registering the provider failed: " + registered);
        return 1;
      }
      ConnectionOutcome<StartConnection.Authorization> started = vaults.tokens().startConnection().start(product, TENANT, provider.value().id(),
          new StartConnection.AuthorizeRequest(URI.create(SETTINGS_PAGE), Optional.empty(), Optional.empty(), Optional.empty()));
      if (!(started instanceof ConnectionOutcome.Ok<StartConnection.Authorization> authorization)) {
        out.println("starting the connection failed: " + started);
        return 1;
      }
      Map<String, String> callback = browser(authorization.value().authorizationUrl());
      // what the product's callback endpoint does with the query the provider sent the browser back with
      CallbackOutcome completed = vaults.tokens().completeConnection().complete(callback.get("state"), Optional.ofNullable(callback.get("code")),
          Optional.ofNullable(callback.get("error")), Optional.ofNullable(callback.get("error_description")));
      if (!(completed instanceof CallbackOutcome.Redirect redirect) || query(redirect.location()).containsKey("error")) {
        out.println("completing the connection failed: " + completed);
        return 1;
      }
      String connectionId = query(redirect.location()).get("connection_id");

      // 3. whenever the product calls the provider's API: a valid token, refreshed ahead of expiry
      ConnectionOutcome<AccessToken> token = vaults.tokens().token().issue(product, TENANT, connectionId);
      if (!(token instanceof ConnectionOutcome.Ok<AccessToken> access)) {
        out.println("obtaining the provider token failed: " + token);
        return 1;
      }
      out.println("connection " + connectionId + ": provider token obtained (" + access.value().tokenType() + ", expires "
          + access.value().expiresAt().map(Object::toString).orElse("never") + ")");
      return intact ? 0 : 1;
    }
  }

  /**
   * Stands in for the user's browser: opens the authorization URL (the provider signs its default
   * user in without a form here) and returns the query of the redirect back to the product's callback.
   */
  private static Map<String, String> browser(URI authorizationUrl) throws IOException, InterruptedException {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    URI next = authorizationUrl;
    for (int hop = 0; hop < 10; hop++) {
      HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.discarding());
      String location = response.headers().firstValue("Location").orElseThrow(() -> new IOException("the provider answered " + response.statusCode()));
      next = next.resolve(location);
      if (next.toString().startsWith(CALLBACK.toString())) {
        return query(next);
      }
    }
    throw new IOException("too many redirects");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] parts = pair.split("=", 2);
        parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }
}
