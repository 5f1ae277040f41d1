package dev.portcullis.adapter.http.grant;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * What the token, introspection and revocation endpoints share: a form-encoded body without repeated
 * parameters (RFC 6749 §3.2), exactly one client authentication method (§2.3), and errors in the §5.2
 * format with a {@code WWW-Authenticate} challenge when HTTP Basic was used. Each method either returns
 * its value or answers the request and returns null.
 */
final class OAuthRequests {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String MALFORMED_BASIC = "the Basic credentials are malformed";

  private OAuthRequests() {}

  static MultiMap form(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      HttpErrors.respond(ctx, 400, "invalid_request", "the request must be application/x-www-form-urlencoded (RFC 6749 section 3.2)");
      return null;
    }
    MultiMap form = ctx.request().formAttributes();
    for (String name : form.names()) {
      if (form.getAll(name).size() > 1) {
        HttpErrors.respond(ctx, 400, "invalid_request", "parameter " + name.replaceAll("[^a-z_]", "?") + " is repeated (RFC 6749 section 3.2)");
        return null;
      }
    }
    return form;
  }

  static ClientCredential credential(RoutingContext ctx, MultiMap form) {
    String authorization = ctx.request().getHeader("Authorization");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    boolean assertion = form.get("client_assertion") != null || form.get("client_assertion_type") != null;
    boolean post = form.get("client_secret") != null;
    if ((basic ? 1 : 0) + (assertion ? 1 : 0) + (post ? 1 : 0) > 1) {
      HttpErrors.respond(ctx, 400, "invalid_request", "use one client authentication method, not several (RFC 6749 section 2.3)");
      return null;
    }
    if (assertion) {
      if (!JWT_BEARER.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
        reject(ctx, OAuthError.invalidClient("client_assertion_type must be " + JWT_BEARER + " with a client_assertion (RFC 7523 section 2.2)"), false);
        return null;
      }
      return new ClientCredential.Assertion(form.get("client_assertion"), Optional.ofNullable(form.get("client_id")));
    }
    if (basic) {
      return basic(ctx, form, authorization);
    }
    if (post && form.get("client_id") != null) {
      return new ClientCredential.Secret(ClientCredential.Secret.Method.POST, form.get("client_id"), form.get("client_secret"));
    }
    if (form.get("client_id") != null) {
      return new ClientCredential.Public(form.get("client_id")); // RFC 6749 §2.1: a public client only names itself
    }
    reject(ctx, OAuthError.invalidClient("client authentication is required"), true);
    return null;
  }

  /** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined and base64-encoded. */
  private static ClientCredential basic(RoutingContext ctx, MultiMap form, String authorization) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    Optional<String> id = colon < 0 ? Optional.empty() : formDecoded(decoded.substring(0, colon));
    Optional<String> secret = colon < 0 ? Optional.empty() : formDecoded(decoded.substring(colon + 1));
    if (id.isEmpty() || secret.isEmpty()) {
      reject(ctx, OAuthError.invalidClient(MALFORMED_BASIC), true);
      return null;
    }
    if (form.get("client_id") != null && !form.get("client_id").equals(id.get())) {
      HttpErrors.respond(ctx, 400, "invalid_request", "client_id in the body differs from the authenticated client");
      return null;
    }
    return new ClientCredential.Secret(ClientCredential.Secret.Method.BASIC, id.get(), secret.get());
  }

  /**
   * One form-urlencoded half of the Basic credentials, or empty when its percent-encoding is broken
   * ({@code %zz}, a truncated {@code %E0%A4%A}). The decoder's message quotes the input, which may be
   * part of a client secret, so it is dropped and the caller answers with a fixed description.
   */
  private static Optional<String> formDecoded(String encoded) {
    try {
      return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  static void reject(RoutingContext ctx, OAuthError error, boolean basic) {
    if (HttpErrors.oauthStatus(error.error()) == 401 && basic) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"portcullis\"");
    }
    HttpErrors.respondOAuth(ctx, error.error(), error.description());
  }

  static void json(RoutingContext ctx, String body) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache").end(body);
  }
}
