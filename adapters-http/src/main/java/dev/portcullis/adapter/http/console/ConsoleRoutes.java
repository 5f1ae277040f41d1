package dev.portcullis.adapter.http.console;

import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import dev.portcullis.application.shared.port.in.Authentication;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.ServiceInfo;
import dev.portcullis.application.session.port.in.CompleteOperatorSignIn;
import dev.portcullis.application.session.port.in.StartOperatorSignIn;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console: its page and assets (plain HTML, CSS and one ES module, served from the jar; nothing
 * from elsewhere) and its session — {@code POST /console/session} trades a credential the API accepts for
 * an {@code HttpOnly} session cookie, {@code GET} says who is signed in (and hands the page its CSRF token),
 * {@code DELETE} signs out. Every call the page makes goes through {@link ConsoleGateway} to the API itself.
 */
public final class ConsoleRoutes implements RouteContributor {
  private static final int MAX_CREDENTIAL_CHARS = 8192;
  private static final Map<String, String> ASSETS = Map.of(
      "app.js", "text/javascript; charset=utf-8",
      "app.css", "text/css; charset=utf-8",
      "favicon.svg", "image/svg+xml");
  private final Map<String, Buffer> assets;
  private final Buffer page;
  static final String CALLBACK = "/console/callback";
  private static final String LOGIN_COOKIE = "portcullis_console_login";
  private final ConsoleSessions sessions;
  private final AuthenticateCaller authenticateCaller;
  private final Optional<StartOperatorSignIn> startSignIn;
  private final Optional<CompleteOperatorSignIn> completeSignIn;
  private final ServiceInfo info;

  @Inject
  public ConsoleRoutes(ConsoleSessions sessions, AuthenticateCaller authenticateCaller, Optional<StartOperatorSignIn> startSignIn,
                       Optional<CompleteOperatorSignIn> completeSignIn, ServiceInfo info) {
    this.sessions = sessions;
    this.authenticateCaller = authenticateCaller;
    this.startSignIn = startSignIn;
    this.completeSignIn = completeSignIn;
    this.info = info;
    this.page = load("index.html");
    this.assets = ASSETS.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name, ConsoleRoutes::load));
  }

  @Override
  public void register(Routes routes) {
    // one route for both: Vert.x matches "/console" with or without the trailing slash; the page wants the slash
    routes.get("/console", ctx -> {
      if (ctx.request().path().endsWith("/")) {
        serve(ctx, "text/html; charset=utf-8", page);
      } else {
        ctx.response().setStatusCode(302).putHeader("Location", "/console/").end();
      }
    });
    routes.get("/console/assets/:asset", ctx -> {
      String name = ctx.pathParam("asset");
      Buffer asset = assets.get(name);
      if (asset == null) {
        ConsoleHeaders.apply(ctx);
        HttpErrors.respond(ctx, 404, "not_found", "the console has no such asset");
        return;
      }
      serve(ctx, ASSETS.get(name), asset);
    });
    routes.get("/console/session", this::current);
    routes.post("/console/session", this::signIn);
    routes.delete("/console/session", this::signOut);
    if (startSignIn.isPresent() && completeSignIn.isPresent()) {
      // GET only (no implicit HEAD): both change state — a pending sign-in, a spent state and a new session
      routes.add(io.vertx.core.http.HttpMethod.GET, "/console/login", dev.portcullis.adapter.http.ErrorFormat.REST, this::startSignIn);
      routes.add(io.vertx.core.http.HttpMethod.GET, CALLBACK, dev.portcullis.adapter.http.ErrorFormat.REST, this::completeSignIn);
    }
  }

  /** Sign-in through the upstream provider: keep state, verifier and nonce bound to this browser, send it to the provider. */
  private void startSignIn(RoutingContext ctx) {
    ConsoleHeaders.apply(ctx);
    StartOperatorSignIn.Started started;
    try {
      started = startSignIn.orElseThrow().start(URI.create(info.issuer() + CALLBACK), Optional.ofNullable(ctx.queryParams().get("login_hint")));
    } catch (dev.portcullis.application.session.port.out.UpstreamProvider.DiscoveryFailed unreachable) {
      back(ctx, "unavailable");
      return;
    }
    String binding = sessions.begin(started.state(), started.verifier(), started.nonce());
    // Lax, not Strict: the provider's redirect back is a cross-site navigation, and it must carry this cookie
    ctx.response().addCookie(ConsoleHeaders.cookie(ctx, LOGIN_COOKIE, binding, CALLBACK, CookieSameSite.LAX, ConsoleSessions.PENDING_TTL.toSeconds()));
    ctx.response().setStatusCode(303).putHeader("Location", started.authorizationUrl().toString()).end();
  }

  /**
   * The provider's answer: the pending sign-in taken (single use, and only by the browser that started it),
   * the code redeemed and the roles decided by the use case; the browser goes back to the console, signed in
   * or with a short reason code ({@code signin_error}) the page words.
   */
  private void completeSignIn(RoutingContext ctx) {
    ConsoleHeaders.apply(ctx);
    String bound = ConsoleHeaders.single(ctx, LOGIN_COOKIE);
    ctx.response().addCookie(ConsoleHeaders.cookie(ctx, LOGIN_COOKIE, "", CALLBACK, CookieSameSite.LAX, 0));
    Optional<ConsoleSessions.PendingSignIn> pending = sessions.take(ctx.queryParams().get("state"), bound);
    if (pending.isEmpty()) {
      back(ctx, "expired");
      return;
    }
    CompleteOperatorSignIn.Outcome outcome = completeSignIn.orElseThrow().complete(Optional.ofNullable(ctx.queryParams().get("code")),
        Optional.ofNullable(ctx.queryParams().get("error")), pending.get().verifier(), pending.get().nonce(), URI.create(info.issuer() + CALLBACK),
        dev.portcullis.adapter.http.RequestIds.of(ctx), Callers.clientAddress(ctx));
    switch (outcome) {
      case CompleteOperatorSignIn.Outcome.SignedIn signedIn -> {
        sessions.close(ConsoleHeaders.sessionId(ctx));
        Map.Entry<String, ConsoleSessions.Session> opened = sessions.open(signedIn.principal());
        ctx.response().addCookie(ConsoleHeaders.sessionCookie(ctx, opened.getKey(), ConsoleSessions.ABSOLUTE.toSeconds()));
        ctx.response().setStatusCode(303).putHeader("Location", "/console/").end();
      }
      case CompleteOperatorSignIn.Outcome.NotPermitted refused -> {
        dev.portcullis.adapter.http.Throttling.failedAuthentication(ctx); // counted like any failed sign-in
        back(ctx, "not_permitted");
      }
      case CompleteOperatorSignIn.Outcome.Failed failed -> {
        dev.portcullis.adapter.http.Throttling.failedAuthentication(ctx);
        back(ctx, "login_failed");
      }
      case CompleteOperatorSignIn.Outcome.Unavailable unavailable -> back(ctx, "unavailable");
    }
  }

  private static void back(RoutingContext ctx, String reason) {
    ctx.response().setStatusCode(303).putHeader("Location", "/console/?signin_error=" + reason).end();
  }

  private static void serve(RoutingContext ctx, String contentType, Buffer body) {
    ConsoleHeaders.apply(ctx);
    ctx.response().putHeader("Content-Type", contentType).end(body);
  }

  private void signIn(RoutingContext ctx) {
    ConsoleHeaders.apply(ctx);
    Optional<String> foreign = ConsoleHeaders.originRefusal(ctx);
    if (foreign.isPresent()) {
      HttpErrors.respond(ctx, 403, "csrf_refused", foreign.get());
      return;
    }
    String token = credential(ctx);
    if (token == null) {
      HttpErrors.respond(ctx, 400, "invalid_request", "the body must be a JSON object with a \"token\": the admin token or an access token");
      return;
    }
    SecretBytes credential = SecretBytes.ofUtf8(token);
    if (!(authenticateCaller.authenticate(credential) instanceof Authentication.Authenticated authenticated)) {
      HttpErrors.unauthorized(ctx, "that token is not valid here");
      return;
    }
    String previous = ConsoleHeaders.sessionId(ctx);
    sessions.close(previous);
    Map.Entry<String, ConsoleSessions.Session> opened = sessions.open(credential, authenticated.principal().credential());
    ctx.response().addCookie(ConsoleHeaders.sessionCookie(ctx, opened.getKey(), ConsoleSessions.ABSOLUTE.toSeconds()));
    answer(ctx, 201, authenticated.principal(), opened.getValue());
  }

  private void current(RoutingContext ctx) {
    ConsoleHeaders.apply(ctx);
    String id = ConsoleHeaders.sessionId(ctx);
    Optional<ConsoleSessions.Session> session = sessions.find(id);
    if (session.isPresent() && session.get().operator().isPresent()) {
      answer(ctx, 200, session.get().operator().get(), session.get());
      return;
    }
    Optional<SecretBytes> credential = session.flatMap(ConsoleSessions.Session::credential).filter(c -> !c.isDestroyed());
    if (credential.isPresent() && authenticateCaller.authenticate(credential.get()) instanceof Authentication.Authenticated authenticated) {
      answer(ctx, 200, authenticated.principal(), session.get());
      return;
    }
    // the credential behind the session stopped working (revoked, expired): the session ends with it
    sessions.close(id);
    JsonObject body = HttpErrors.body(dev.portcullis.adapter.http.ErrorFormat.REST, 401, "unauthorized", "not signed in");
    if (startSignIn.isPresent()) {
      body.put("provider_sign_in", "/console/login"); // the page offers "sign in with the identity provider"
    }
    ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private void signOut(RoutingContext ctx) {
    ConsoleHeaders.apply(ctx);
    String id = ConsoleHeaders.sessionId(ctx);
    Optional<ConsoleSessions.Session> session = sessions.find(id);
    if (session.isPresent()) {
      Optional<String> refusal = ConsoleHeaders.csrfRefusal(ctx, session.get());
      if (refusal.isPresent()) {
        HttpErrors.respond(ctx, 403, "csrf_refused", refusal.get());
        return;
      }
      sessions.close(id);
    }
    ctx.response().addCookie(ConsoleHeaders.sessionCookie(ctx, "", 0));
    ctx.response().setStatusCode(204).end();
  }

  private static void answer(RoutingContext ctx, int status, Principal principal, ConsoleSessions.Session session) {
    JsonObject who = new JsonObject().put("subject", principal.subject()).put("credential", principal.credential())
        .put("admin", principal.isAdmin()).put("tenant", principal.homeTenant().value());
    if (principal instanceof Principal.Client client) {
      who.put("scopes", new JsonArray(client.scopes().stream().sorted().toList()));
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("principal", who).put("csrf_token", session.csrf()).put("expires_at", session.expiresAt().toString()).encode());
  }

  private static String credential(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
      Object token = body == null ? null : body.getValue("token");
      return token instanceof String s && !s.isBlank() && s.length() <= MAX_CREDENTIAL_CHARS ? s.strip() : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static Buffer load(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("console asset missing from the jar: " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
