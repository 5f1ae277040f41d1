package dev.portcullis.adapter.http;

import dev.portcullis.application.shared.AuthenticationThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place failed authentication is throttled, for every route: before a request runs, a source
 * (or a credential it names) that failed too often lately gets {@code 429} with {@code Retry-After} in the
 * route's error format (it runs after the body handler, so a form's {@code client_id} is known); after
 * it, a {@code 401} answer — or any answer a route marked with {@link #failedAuthentication} (a made-up
 * API key offered for exchange, an unknown refresh token: RFC 8693 and RFC 6749 answer those with 400) —
 * counts as a failure of its source and credential.
 * The credential id is what the request names in the clear — a client id (HTTP Basic or {@code client_id}),
 * an API key's id — never a secret. The decision is {@link AuthenticationThrottle}'s.
 */
public final class Throttling {
  private static final Pattern KEY_ID = Pattern.compile("[a-z][a-z0-9]{0,15}_([0-9a-f]{16})_[0-9a-f]{64}");
  private final AuthenticationThrottle throttle;
  private final String apiKeyHeader;
  private final Counter failures;
  private final Counter throttled;

  @Inject
  public Throttling(AuthenticationThrottle throttle, @jakarta.inject.Named("portcullis.api-key-header") String apiKeyHeader, MeterRegistry registry) {
    this.throttle = throttle;
    this.apiKeyHeader = apiKeyHeader;
    this.failures = Counter.builder("portcullis.auth.failures").description("Requests that failed authentication (401, or a made-up credential offered in a grant)").register(registry);
    this.throttled = Counter.builder("portcullis.auth.throttled").description("Requests refused with 429 after too many failed authentications")
        .register(registry);
  }

  private static final String FAILED = "portcullis.authentication-failed";

  /** Marks this request's answer as a failed authentication although its status is not 401. */
  public static void failedAuthentication(RoutingContext ctx) {
    ctx.put(FAILED, Boolean.TRUE);
  }

  public void handle(RoutingContext ctx) {
    AuthenticationThrottle.Attempt attempt = new AuthenticationThrottle.Attempt(Callers.clientAddress(ctx), credential(ctx));
    Optional<Duration> wait = throttle.wait(attempt);
    if (wait.isPresent()) {
      throttled.increment();
      ctx.put(HttpErrors.FORMAT_KEY, ctx.request().path().startsWith("/oauth/") ? ErrorFormat.OAUTH : ErrorFormat.REST);
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds() + (wait.get().toMillisPart() > 0 ? 1 : 0))));
      HttpErrors.respond(ctx, 429, "too_many_requests", "too many failed authentication attempts; retry after the time in Retry-After");
      return;
    }
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() == 401 || Boolean.TRUE.equals(ctx.get(FAILED))) {
        failures.increment();
        throttle.failedHere(attempt);
        Thread.ofVirtual().start(() -> throttle.failedEverywhere(attempt)); // off the response path: the shared count may await Redis
      }
    });
    ctx.next();
  }

  /** The credential the request names in the clear, if any. */
  private Optional<String> credential(RoutingContext ctx) {
    String key = ctx.request().getHeader(apiKeyHeader);
    if (key != null) {
      Matcher matcher = KEY_ID.matcher(key.strip());
      return matcher.matches() ? Optional.of("api-key:" + matcher.group(1)) : Optional.empty();
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon > 0 && colon <= 256 ? Optional.of("client:" + decoded.substring(0, colon)) : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    String clientId = ctx.request().getFormAttribute("client_id"); // client_secret_post, public clients (the body is parsed by now)
    return clientId == null || clientId.length() > 256 ? Optional.empty() : Optional.of("client:" + clientId);
  }
}
