package dev.portcullis.adapter.webclient;

import dev.portcullis.application.connection.port.out.ProviderHttp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.core.Handler;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProviderHttp} on the Vert.x Web Client: no redirects, one deadline for the whole exchange,
 * answers larger than {@code maxBodyBytes} refused while they stream in, and waiting through
 * {@link Future#await()} (a virtual thread parks, its event-loop context serves other requests). Failure
 * reasons name the host and the failure, never a query string or a body.
 */
public final class WebClientProviderHttp implements ProviderHttp {
  private final WebClient client;
  private final Settings settings;

  public record Settings(Duration timeout, int maxBodyBytes, String userAgent) {}

  public WebClientProviderHttp(Vertx vertx, Settings settings) {
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent(settings.userAgent())
        .setConnectTimeout((int) settings.timeout().toMillis()).setIdleTimeout((int) settings.timeout().toSeconds() + 1).setKeepAlive(true)
        .setDecompressionSupported(true));
  }

  @Override
  public Answer get(URI uri) {
    return exchange(uri, request(io.vertx.core.http.HttpMethod.GET, uri), null);
  }

  @Override
  public Answer postForm(URI uri, Map<String, String> form, Optional<String> basic) {
    HttpRequest<Buffer> request = request(io.vertx.core.http.HttpMethod.POST, uri);
    if (request == null) {
      return new Failed("invalid URL");
    }
    request.putHeader("Content-Type", "application/x-www-form-urlencoded");
    basic.ifPresent(credentials -> request.putHeader("Authorization", "Basic " + credentials));
    StringBuilder body = new StringBuilder();
    form.forEach((name, value) -> {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return exchange(uri, request, Buffer.buffer(body.toString()));
  }

  private HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, URI uri) {
    try {
      return client.requestAbs(method, uri.toString()).putHeader("Accept", "application/json").timeout(settings.timeout().toMillis());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Answer exchange(URI uri, HttpRequest<Buffer> request, Buffer body) {
    if (request == null) {
      return new Failed("invalid URL");
    }
    String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    CappedBuffer received = new CappedBuffer(settings.maxBodyBytes());
    HttpRequest<Void> capped = request.as(BodyCodec.pipe(received));
    Future<HttpResponse<Void>> sent = body == null ? capped.send() : capped.sendBuffer(body);
    HttpResponse<Void> response;
    try {
      response = sent.timeout(settings.timeout().toMillis() + 100, TimeUnit.MILLISECONDS).await();
    } catch (Throwable e) {
      if (received.overflowed()) {
        return new Failed(where + ": the answer is larger than " + settings.maxBodyBytes() + " bytes");
      }
      return new Failed(where + ": " + describe(e));
    }
    String text = received.buffer().toString(StandardCharsets.UTF_8);
    String contentType = Optional.ofNullable(response.getHeader("Content-Type")).orElse("");
    Optional<Map<String, Object>> json = contentType.startsWith("application/x-www-form-urlencoded") ? Optional.of(form(text)) : jsonObject(text);
    return new Answered(response.statusCode(), json, text, retryAfter(response.getHeader("Retry-After")));
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

  static Optional<Map<String, Object>> jsonObject(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(plain(new JsonObject(trimmed)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** JsonObject/JsonArray (and the Maps/Lists Jackson may leave inside) as plain Maps and Lists. */
  private static Map<String, Object> plain(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name : object.fieldNames()) {
      map.put(name, plainValue(object.getValue(name)));
    }
    return map;
  }

  private static Object plainValue(Object value) {
    return switch (value) {
      case JsonObject object -> plain(object);
      case JsonArray array -> {
        List<Object> list = new ArrayList<>();
        array.forEach(item -> list.add(plainValue(item)));
        yield list;
      }
      case null -> null;
      default -> value;
    };
  }

  private static Map<String, Object> form(String text) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String pair : text.strip().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] parts = pair.split("=", 2);
      try {
        map.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      } catch (IllegalArgumentException e) {
        return Map.of();
      }
    }
    return map;
  }

  /** RFC 9110 §10.2.3: delta-seconds or an HTTP-date. */
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
