package dev.portcullis.adapter.webclient;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Portcullis sends as an HTTP client goes through here: one Vert.x Web Client, no redirects,
 * one deadline for the whole exchange, answers larger than the cap refused while they stream in, and
 * waiting through {@link Future#await()} (a virtual thread parks; its event-loop context serves others).
 *
 * <p>A URL a tenant, client or registrant supplied ({@link Trust#SUPPLIED}) passes the {@link EgressRules}:
 * first on the URL, then on every address its host resolves to; the connection then goes to the address
 * that was checked (pinned), so a DNS answer that changes between check and connect (rebinding) cannot
 * get past the policy. The host name still travels in the Host header, SNI and certificate check. What
 * the operator configured ({@link Trust#CONFIGURED}: the upstream issuer, the remote key resolver) is
 * trusted as configured. Failure details are for the server log; callers turn them into one generic
 * message, so the service cannot be used to scan anything.
 */
public final class Outbound implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outbound.class);
  private final Vertx vertx;
  private final EgressRules rules;
  private final Settings settings;
  private final WebClient client;

  public enum Trust {
    /** Configured by the operator: connected to as configured. */
    CONFIGURED,
    /** Supplied by a tenant, a client or a registrant: only where the egress policy allows, checked on the resolved address. */
    SUPPLIED
  }

  /** @param timeout the deadline of one exchange, connect included; @param maxBodyBytes the largest answer read */
  public record Settings(Duration timeout, int maxBodyBytes, String userAgent) {}

  /** The server answered (any status). {@code body} is text; headers by lower-case name (first value). */
  public record Answered(int status, String body, Map<String, String> headers) implements Result {
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** RFC 9110 §10.2.3: delta-seconds or an HTTP-date. */
    public Optional<Duration> retryAfter() {
      return header("retry-after").flatMap(Outbound::retryAfter);
    }

    @Override
    public String toString() {
      return "Answered[" + status + "]"; // bodies may hold tokens
    }
  }

  /**
   * No answer: refused by the egress policy, unresolvable, refused, reset, timed out, too large. {@code detail}
   * is for the server log only (never a body or query); {@code refusedByPolicy} tells the two apart for metrics.
   */
  public record Failed(String detail, boolean refusedByPolicy) implements Result {}

  public sealed interface Result {}

  public Outbound(Vertx vertx, EgressRules rules, Settings settings) {
    this.vertx = vertx;
    this.rules = rules;
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent(settings.userAgent())
        .setConnectTimeout((int) settings.timeout().toMillis()).setIdleTimeout((int) settings.timeout().toSeconds() + 1).setKeepAlive(true)
        .setDecompressionSupported(true).setForceSni(true));
  }

  public Settings settings() {
    return settings;
  }

  public EgressRules rules() {
    return rules;
  }

  /** Sends {@code method uri} with {@code headers} and {@code body} (may be null) and waits for the answer, at most the deadline. */
  public Result send(HttpMethod method, URI uri, Map<String, String> headers, Buffer body, Trust trust) {
    long started = System.nanoTime();
    String where = uri == null || uri.getHost() == null ? "?" : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    HttpRequest<Buffer> request;
    try {
      request = trust == Trust.SUPPLIED ? checked(method, uri, where) : client.requestAbs(method, uri.toString());
    } catch (Refused refused) {
      return failed(where, refused.getMessage(), true);
    } catch (RuntimeException e) {
      return failed(where, "invalid URL (" + e.getClass().getSimpleName() + ")", false);
    }
    long left = settings.timeout().toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (left <= 0) {
      return failed(where, "timed out resolving the host", false);
    }
    request.timeout(left);
    headers.forEach(request::putHeader);
    CappedBuffer received = new CappedBuffer(settings.maxBodyBytes());
    HttpRequest<Void> capped = request.as(BodyCodec.pipe(received));
    Future<HttpResponse<Void>> sent = body == null ? capped.send() : capped.sendBuffer(body);
    HttpResponse<Void> response;
    try {
      response = sent.timeout(left + 100, TimeUnit.MILLISECONDS).await();
    } catch (Throwable e) {
      return failed(where, received.overflowed() ? "the answer is larger than " + settings.maxBodyBytes() + " bytes" : describe(e), false);
    }
    Map<String, String> names = new java.util.HashMap<>();
    response.headers().names().forEach(name -> names.put(name.toLowerCase(java.util.Locale.ROOT), response.getHeader(name)));
    return new Answered(response.statusCode(), received.buffer().toString(StandardCharsets.UTF_8), Map.copyOf(names));
  }

  /** The policy on the URL, then on every address of its host; the request goes to the checked address. */
  private HttpRequest<Buffer> checked(HttpMethod method, URI uri, String where) {
    Optional<String> refusal = rules.refusal(uri);
    if (refusal.isPresent()) {
      throw new Refused(refusal.get());
    }
    String host = EgressRules.host(uri);
    List<InetAddress> addresses = resolve(host);
    if (!rules.hostAllowed(host)) {
      for (InetAddress address : addresses) {
        Optional<String> refused = rules.refusal(address);
        if (refused.isPresent()) {
          throw new Refused(refused.get() + " (" + host + " resolves to " + address.getHostAddress() + ")");
        }
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    return client.requestAbs(method, SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress()), uri.toString());
  }

  /** Name resolution off the event loop (the JDK resolver blocks), bounded by the deadline. */
  private List<InetAddress> resolve(String host) {
    if (EgressRules.isLiteral(host)) {
      try {
        return List.of(InetAddress.getByName(host));
      } catch (java.net.UnknownHostException e) {
        throw new Refused("not a valid address");
      }
    }
    try {
      InetAddress[] found = vertx.<InetAddress[]>executeBlocking(() -> InetAddress.getAllByName(host), false)
          .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).await();
      if (found.length == 0) {
        throw new Refused("the host has no address");
      }
      return Arrays.asList(found);
    } catch (Refused e) {
      throw e;
    } catch (Throwable e) {
      throw new Refused("the host cannot be resolved (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Failed failed(String where, String detail, boolean byPolicy) {
    log.warn("outbound HTTP to {} failed: {}", where, detail);
    return new Failed(where + ": " + detail, byPolicy);
  }

  /** The failure's kind without its message, which may echo the URL. */
  private static String describe(Throwable e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof java.util.concurrent.TimeoutException || type.contains("Timeout")) {
      return "timed out";
    }
    if (e instanceof java.net.ConnectException || type.contains("Connect")) {
      return "connection refused";
    }
    if (type.contains("Closed") || type.contains("Reset") || (e.getMessage() != null && e.getMessage().contains("closed"))) {
      return "connection closed before an answer";
    }
    return type;
  }

  static Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Duration until = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Collects the body, failing the exchange as soon as it grows past the cap. */
  private static final class CappedBuffer implements WriteStream<Buffer> {
    private final int max;
    private final Buffer buffer = Buffer.buffer();
    private volatile boolean overflowed;

    CappedBuffer(int max) {
      this.max = max;
    }

    Buffer buffer() {
      return buffer;
    }

    boolean overflowed() {
      return overflowed;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (buffer.length() + data.length() > max) {
        overflowed = true;
        return Future.failedFuture(new IllegalStateException("answer too large"));
      }
      buffer.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return overflowed ? Future.failedFuture(new IllegalStateException("answer too large")) : Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
