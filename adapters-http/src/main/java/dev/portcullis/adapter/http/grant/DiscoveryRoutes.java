package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.ServiceInfo;
import dev.portcullis.adapter.http.key.SigningKeyRoutes;
import dev.portcullis.application.grant.AssertionRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Discovery that advertises only what exists: RFC 8414 authorization server metadata, the SMART
 * configuration (Backend Services), and — when the session broker is configured, so that logins, ID
 * tokens and userinfo exist — OpenID Connect Discovery 1.0. An advertised value that is not true breaks
 * real clients.
 */
public final class DiscoveryRoutes implements RouteContributor {
  static final List<String> GRANT_TYPES = List.of("client_credentials", TokenRoutes.TOKEN_EXCHANGE);
  static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
  static final List<String> SCOPES = List.of("secrets:read", "secrets:write");
  private final ServiceInfo info;

  private final boolean broker;
  private final String signingAlgorithm;

  @Inject
  public DiscoveryRoutes(ServiceInfo info, java.util.Optional<dev.portcullis.application.session.port.in.RedeemSessionCode> broker,
                         dev.portcullis.application.grant.AccessTokens accessTokens) {
    this.info = info;
    this.broker = broker.isPresent();
    this.signingAlgorithm = accessTokens.signingAlgorithm();
  }

  private List<String> grantTypes() {
    return broker ? List.of("client_credentials", TokenRoutes.TOKEN_EXCHANGE, "authorization_code", "refresh_token") : GRANT_TYPES;
  }

  private List<String> authMethods() {
    return broker ? List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none") : AUTH_METHODS;
  }

  /** The authorization-code half, advertised only when the session broker is configured. */
  private JsonObject withBroker(JsonObject metadata) {
    if (broker) {
      metadata.put("authorization_endpoint", info.issuer() + "/oauth/authorize")
          .put("response_types_supported", new JsonArray().add("code"))
          .put("response_modes_supported", new JsonArray().add("query"))
          .put("code_challenge_methods_supported", new JsonArray().add("S256"))
          .put("authorization_response_iss_parameter_supported", true);
    }
    return metadata;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/.well-known/oauth-authorization-server", ctx -> send(ctx, authorizationServer()));
    routes.get("/.well-known/smart-configuration", ctx -> send(ctx, smart()));
    if (broker) {
      routes.get("/.well-known/openid-configuration", ctx -> send(ctx, openid()));
    }
  }

  /** OpenID Connect Discovery 1.0 §3: the RFC 8414 document plus what an OpenID relying party needs. */
  JsonObject openid() {
    return authorizationServer()
        .put("userinfo_endpoint", info.issuer() + "/oauth/userinfo")
        .put("end_session_endpoint", info.issuer() + "/oauth/logout")
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add(signingAlgorithm))
        .put("scopes_supported", new JsonArray(new java.util.ArrayList<>(SCOPES)).add("openid"))
        .put("claims_supported", new JsonArray(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid", "azp", "email", "name", "groups")))
        .put("claims_parameter_supported", false)
        .put("request_parameter_supported", false)
        .put("request_uri_parameter_supported", false);
  }

  /** RFC 8414 section 2 (no authorization_endpoint: no supported grant type uses one yet). */
  JsonObject authorizationServer() {
    return withBroker(new JsonObject()
        .put("issuer", info.issuer())
        .put("token_endpoint", info.issuer() + TokenRoutes.PATH)
        .put("jwks_uri", info.issuer() + SigningKeyRoutes.JWKS_PATH)
        .put("registration_endpoint", info.issuer() + ClientRegistrationRoutes.PATH)
        .put("scopes_supported", new JsonArray(SCOPES))
        .put("response_types_supported", new JsonArray())
        .put("grant_types_supported", new JsonArray(grantTypes()))
        .put("token_endpoint_auth_methods_supported", new JsonArray(authMethods()))
        .put("token_endpoint_auth_signing_alg_values_supported", new JsonArray(AssertionRules.ALGORITHMS.stream().sorted().toList()))
        .put("introspection_endpoint", info.issuer() + TokenStatusRoutes.INTROSPECT)
        .put("introspection_endpoint_auth_methods_supported", new JsonArray(AUTH_METHODS))
        .put("introspection_endpoint_auth_signing_alg_values_supported", new JsonArray(AssertionRules.ALGORITHMS.stream().sorted().toList()))
        .put("revocation_endpoint", info.issuer() + TokenStatusRoutes.REVOKE)
        .put("revocation_endpoint_auth_methods_supported", new JsonArray(authMethods()))
        .put("revocation_endpoint_auth_signing_alg_values_supported", new JsonArray(AssertionRules.ALGORITHMS.stream().sorted().toList())));
  }

  /** SMART App Launch 2.x configuration, Backend Services part. */
  JsonObject smart() {
    JsonArray capabilities = new JsonArray().add("client-confidential-asymmetric").add("client-confidential-symmetric");
    if (broker) {
      capabilities.add("client-public");
    }
    return withBroker(new JsonObject()
        .put("issuer", info.issuer())
        .put("jwks_uri", info.issuer() + SigningKeyRoutes.JWKS_PATH)
        .put("token_endpoint", info.issuer() + TokenRoutes.PATH)
        .put("registration_endpoint", info.issuer() + ClientRegistrationRoutes.PATH)
        .put("grant_types_supported", new JsonArray(grantTypes()))
        .put("token_endpoint_auth_methods_supported", new JsonArray(authMethods()))
        .put("token_endpoint_auth_signing_alg_values_supported", new JsonArray(AssertionRules.ALGORITHMS.stream().sorted().toList()))
        .put("scopes_supported", new JsonArray(SCOPES))
        .put("introspection_endpoint", info.issuer() + TokenStatusRoutes.INTROSPECT)
        .put("revocation_endpoint", info.issuer() + TokenStatusRoutes.REVOKE)
        .put("capabilities", capabilities));
  }

  private static void send(RoutingContext ctx, JsonObject document) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=300").end(document.encode());
  }
}
