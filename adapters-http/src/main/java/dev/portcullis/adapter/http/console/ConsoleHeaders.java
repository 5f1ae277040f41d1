package dev.portcullis.adapter.http.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;

/** The console's cookie, CSRF and browser-security rules, in one place. */
final class ConsoleHeaders {
  static final String COOKIE = "portcullis_console";
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** Everything comes from this origin; no inline script or style; nothing may frame the console. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private ConsoleHeaders() {}

  /** The headers every console answer carries, the API's answers through the console included. */
  static void apply(RoutingContext ctx) {
    ctx.response().headers()
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set("Cross-Origin-Resource-Policy", "same-origin")
        .set("Cache-Control", "no-store");
  }

  static boolean safe(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD;
  }

  /** The session id the browser sent, or null (also when it sent more than one: see {@link #single}). */
  static String sessionId(RoutingContext ctx) {
    return single(ctx, COOKIE);
  }

  /**
   * The value of the cookie {@code name} (or {@code __Host-name}), or null — also when the browser sent more
   * than one: a cookie planted by a sibling host (cookie tossing) must not be able to pick the value.
   */
  static String single(RoutingContext ctx, String name) {
    String found = null;
    for (String header : ctx.request().headers().getAll("Cookie")) {
      for (String pair : header.split(";")) {
        String trimmed = pair.strip();
        for (String candidate : new String[] {name, "__Host-" + name}) {
          if (trimmed.startsWith(candidate + "=")) {
            if (found != null) {
              return null;
            }
            found = trimmed.substring(candidate.length() + 1);
          }
        }
      }
    }
    return found;
  }

  /**
   * Why a change is refused as a possible cross-site request, or empty: the browser said it comes from
   * another origin, or the request lacks the session's CSRF token.
   */
  static Optional<String> csrfRefusal(RoutingContext ctx, ConsoleSessions.Session session) {
    Optional<String> origin = originRefusal(ctx);
    if (origin.isPresent()) {
      return origin;
    }
    return session.csrfMatches(ctx.request().getHeader(CSRF_HEADER)) ? Optional.empty()
        : Optional.of("a change through the console needs the session's " + CSRF_HEADER + " header");
  }

  /**
   * A browser names the page's origin in {@code Origin}; its host must be the one this request was sent to
   * (a script or curl sends none). Behind a TLS-terminating proxy the page is {@code https} while this node
   * speaks http, so the scheme is not compared; the port is, where the {@code Host} names one (else the
   * origin's must be its scheme's default). A page of another host cannot choose what its browser puts here.
   */
  static Optional<String> originRefusal(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return Optional.empty();
    }
    HostAndPort host = ctx.request().authority();
    try {
      URI uri = URI.create(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      int defaultPort = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -2;
      int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort;
      boolean samePort = host != null && (host.port() != -1 ? originPort == host.port() : originPort == defaultPort);
      if (defaultPort != -2 && samePort && uri.getHost() != null && uri.getHost().equalsIgnoreCase(host.host())) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException malformed) {
      // refused below
    }
    return Optional.of("the request comes from another origin");
  }

  /** The session cookie ({@link #cookie}): {@code SameSite=Strict}, on {@code /console} on loopback. */
  static Cookie sessionCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    return cookie(ctx, COOKIE, value, "/console", CookieSameSite.STRICT, maxAgeSeconds);
  }

  /**
   * An {@code HttpOnly} cookie of the console. Outside loopback it is {@code __Host-<name>} — {@code Secure},
   * {@code Path=/}, no {@code Domain}, so no sibling host can set or shadow it; on loopback (where a browser
   * allows no sibling hosts, and there is no TLS) it is {@code <name>} on {@code loopbackPath}.
   */
  static Cookie cookie(RoutingContext ctx, String name, String value, String loopbackPath, CookieSameSite sameSite, long maxAgeSeconds) {
    boolean loopback = loopback(ctx);
    return Cookie.cookie(loopback ? name : "__Host-" + name, value).setPath(loopback ? loopbackPath : "/").setHttpOnly(true)
        .setSameSite(sameSite).setSecure(!loopback).setMaxAge(maxAgeSeconds);
  }

  private static final java.util.regex.Pattern LOOPBACK_V4 = java.util.regex.Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  /** Whether the browser reached us by a loopback name: the one place a cookie may go without TLS. */
  static boolean loopback(RoutingContext ctx) {
    HostAndPort host = ctx.request().authority();
    if (host == null) {
      return false;
    }
    String name = host.host().toLowerCase(java.util.Locale.ROOT);
    return name.equals("localhost") || name.equals("[::1]") || name.equals("::1") || LOOPBACK_V4.matcher(name).matches();
  }
}
